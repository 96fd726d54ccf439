"""Appointments, treatment series, and each appointment's history."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.accounts.models import validate_region_code
from apps.core.models import TimeStampedModel

from .catalogue import Chair, ServiceType


class AppointmentStatus(models.TextChoices):
    HELD = "held", "Held"
    CONFIRMED = "confirmed", "Confirmed"
    CHECKED_IN = "checked_in", "Checked in"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"
    CANCELLED = "cancelled", "Cancelled"


# Statuses whose time ranges are taken (an expired hold is not, although its row may still say held
# until the expiry task or the next booking that needs its time releases it). A completed
# appointment keeps its time: the session and the recovery really took place.
OCCUPYING_STATUSES = (
    AppointmentStatus.HELD,
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.CHECKED_IN,
    AppointmentStatus.COMPLETED,
)


class CancelledBy(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINIC = "clinic", "Clinic"
    SYSTEM = "system", "System (hold expired)"


# The induction series: six dosing sessions within three weeks, at most one a day, at one clinic.
INDUCTION_SESSIONS = 6
INDUCTION_WINDOW_DAYS = 21


class TreatmentSeries(TimeStampedModel):
    """Sessions booked together as one plan (the induction series); booked all or nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="treatment_series")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="treatment_series")
    service = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="series")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name_plural = "treatment series"
        constraints = [
            models.UniqueConstraint(
                fields=["booked_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="booking_series_idempotency_key_per_user",
            )
        ]

    def __str__(self):
        return f"Series {self.pk}"


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def occupying(self, at: datetime) -> "AppointmentQuerySet":
        """Appointments whose time is taken as of ``at``: expired holds are free."""
        return self.filter(status__in=OCCUPYING_STATUSES).exclude(
            status=AppointmentStatus.HELD, hold_expires_at__lte=at
        )

    def stale_holds(self, at: datetime) -> "AppointmentQuerySet":
        return self.filter(status=AppointmentStatus.HELD, hold_expires_at__lte=at)

    def with_relations(self) -> "AppointmentQuerySet":
        """What an appointment's writes and answers read of it, in the same query."""
        return self.select_related("clinic", "service", "provider", "chair", "patient__patient_profile")


class Appointment(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="appointments")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments")
    provider = models.ForeignKey("clinics.ProviderProfile", on_delete=models.PROTECT, related_name="appointments")
    chair = models.ForeignKey(Chair, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments")
    service = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="appointments")
    series = models.ForeignKey(
        TreatmentSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    status = models.CharField(max_length=20, choices=AppointmentStatus.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    recovery_ends_at = models.DateTimeField(help_text="End of the session plus recovery: the chair's and patient's.")
    provider_busy_from = models.DateTimeField(help_text="Start minus the provider's buffer before.")
    provider_busy_until = models.DateTimeField(help_text="End plus the provider's buffer after.")
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=10, choices=CancelledBy.choices, blank=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    video_room = models.CharField(max_length=64, blank=True, help_text="Unguessable Jitsi room name (telehealth).")
    visit_region = models.CharField(
        max_length=10,
        blank=True,
        validators=[validate_region_code],
        help_text="Telehealth: where the patient said they would be for the visit (ISO 3166-2). Care is rendered "
        "there, so the provider must be licensed there.",
    )
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: grows with every change.")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["provider", "provider_busy_from"]),
            models.Index(fields=["chair", "starts_at"]),
            models.Index(fields=["patient", "starts_at"]),
            models.Index(fields=["clinic", "starts_at"]),
            models.Index(fields=["hold_expires_at"], condition=Q(status="held"), name="booking_appt_held_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["booked_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="booking_appt_idempotency_key_per_user",
            ),
            models.UniqueConstraint(
                fields=["video_room"], condition=~Q(video_room=""), name="booking_appt_video_room_unique"
            ),
            models.CheckConstraint(
                condition=Q(provider_busy_from__lte=models.F("starts_at"))
                & Q(starts_at__lt=models.F("ends_at"))
                & Q(ends_at__lte=models.F("recovery_ends_at"))
                & Q(ends_at__lte=models.F("provider_busy_until")),
                name="booking_appt_ranges_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status="held", hold_expires_at__isnull=False) | ~Q(status="held"),
                name="booking_appt_hold_has_expiry",
            ),
        ]

    def __str__(self):
        return f"Appointment {self.pk}"

    @property
    def is_telehealth(self) -> bool:
        return bool(self.video_room)

    def hold_lapsed(self, at: datetime) -> bool:
        """A hold whose time ran out by ``at`` (the same rule as ``AppointmentQuerySet.stale_holds``)."""
        return self.status == AppointmentStatus.HELD and self.hold_expires_at is not None and self.hold_expires_at <= at


class AppointmentEventKind(models.TextChoices):
    BOOKED = "booked", "Booked"
    STATUS_CHANGED = "status_changed", "Status changed"
    RESCHEDULED = "rescheduled", "Rescheduled"


class AppointmentEvent(models.Model):
    """The appointment's history: every status change and every move, with who did it."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=AppointmentEventKind.choices)
    from_status = models.CharField(max_length=20, choices=AppointmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AppointmentStatus.choices, blank=True)
    previous_starts_at = models.DateTimeField(null=True, blank=True)
    previous_provider = models.ForeignKey(
        "clinics.ProviderProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.appointment_id} at {self.at:%Y-%m-%d %H:%M}"
