"""Booking: what a clinic offers, who and what is free when, and the appointments that use them.

Times of day (working hours, overrides) are wall-clock times in the clinic's IANA zone; every instant
(appointments, holds) is an aware datetime stored in UTC. An appointment stores the ranges it occupies
as columns, so that PostgreSQL exclusion constraints (migration 0002) can refuse any overlap:

- the provider from ``provider_busy_from`` to ``provider_busy_until`` (the session plus its buffers),
- the chair and the patient from ``starts_at`` to ``recovery_ends_at`` (the session plus recovery).
"""

import hashlib
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThanOrEqual
from phonenumber_field.modelfields import PhoneNumberField

from apps.accounts.models import validate_region_code
from apps.core.models import TimeStampedModel


class ServiceKind(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    DOSING = "dosing", "Dosing session"
    INTEGRATION = "integration", "Integration session"
    BOOSTER = "booster", "Booster"
    FOLLOW_UP = "follow_up", "Follow-up"


# Services whose sessions give a dose: they need a route, and the care pathway gates them.
DOSE_KINDS = (ServiceKind.DOSING, ServiceKind.BOOSTER)


class Modality(models.TextChoices):
    TELEHEALTH = "telehealth", "Telehealth"
    IN_PERSON = "in_person", "In person"


class DosingRoute(models.TextChoices):
    IV_INFUSION = "iv_infusion", "IV infusion"
    IM_INJECTION = "im_injection", "IM injection"
    LOZENGE = "lozenge", "Lozenge"


SLOT_STEPS = [
    (5, "5 minutes"),
    (10, "10 minutes"),
    (15, "15 minutes"),
    (20, "20 minutes"),
    (30, "30 minutes"),
    (60, "1 hour"),
]


# Nothing takes more than a day of anyone's time: a service's provider time (buffers and session) and
# its visit (session and recovery) are each at most this long (ServiceType's constraints), and so are
# the appointments made from it. An appointment that overlaps a window therefore starts less than this
# before the window: reads bound their index scans with it instead of reading every earlier appointment.
LONGEST_VISIT = timedelta(days=1)
_LONGEST_VISIT_MINUTES = int(LONGEST_VISIT.total_seconds() // 60)


class ServiceType(TimeStampedModel):
    """One bookable service of one clinic, with everything the slot engine needs to place it."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="service_types")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    kind = models.CharField(max_length=20, choices=ServiceKind.choices)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    route = models.CharField(max_length=20, choices=DosingRoute.choices, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5), MaxValueValidator(480)])
    recovery_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Monitoring after the session; the chair and the patient stay occupied."
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(default=0, help_text="Provider's preparation time.")
    buffer_after_minutes = models.PositiveSmallIntegerField(default=0, help_text="Provider's time for notes.")
    minimum_notice_minutes = models.PositiveIntegerField(default=24 * 60)
    horizon_days = models.PositiveSmallIntegerField(default=60, validators=[MinValueValidator(1)])
    cancellation_window_hours = models.PositiveSmallIntegerField(
        default=24, help_text="Patients may cancel or move online until this many hours before the start."
    )
    slot_step_minutes = models.PositiveSmallIntegerField(choices=SLOT_STEPS, default=15)
    price_cents = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="USD")
    needs_chair = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["clinic", "name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "slug"], name="booking_service_slug_per_clinic"),
            models.CheckConstraint(
                condition=Q(kind__in=DOSE_KINDS, route__gt="") | (~Q(kind__in=DOSE_KINDS) & Q(route="")),
                name="booking_service_route_iff_dose",
            ),
            models.CheckConstraint(
                condition=~Q(modality=Modality.TELEHEALTH) | Q(needs_chair=False, recovery_minutes=0),
                name="booking_service_telehealth_without_chair",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    F("buffer_before_minutes") + F("duration_minutes") + F("buffer_after_minutes"),
                    _LONGEST_VISIT_MINUTES,
                ),
                name="booking_service_provider_time_within_a_day",
                violation_error_message="The buffers and the session together must fit within a day.",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(F("duration_minutes") + F("recovery_minutes"), _LONGEST_VISIT_MINUTES),
                name="booking_service_visit_within_a_day",
                violation_error_message="The session and the recovery together must fit within a day.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.clinic})"

    @property
    def is_telehealth(self) -> bool:
        return self.modality == Modality.TELEHEALTH


class Chair(TimeStampedModel):
    """A treatment chair or room: occupied for a dosing session and the recovery after it."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="chairs")
    name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["clinic", "name"]
        constraints = [models.UniqueConstraint(fields=["clinic", "name"], name="booking_chair_name_per_clinic")]

    def __str__(self):
        return f"{self.name} ({self.clinic})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeeklyHours(TimeStampedModel):
    """A provider's regular working hours at one clinic on one weekday, in the clinic's local time. A
    provider working at several clinics has rows for each; shifts do not cross midnight."""

    provider = models.ForeignKey("clinics.ProviderProfile", on_delete=models.CASCADE, related_name="weekly_hours")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["provider", "clinic", "weekday", "start_time"]
        verbose_name_plural = "weekly hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")), name="booking_hours_start_before_end"
            )
        ]

    def __str__(self):
        return f"{self.provider} at {self.clinic}: {self.get_weekday_display()} {self.start_time}-{self.end_time}"


class OverrideKind(models.TextChoices):
    EXTRA_HOURS = "extra_hours", "Extra hours"
    TIME_OFF = "time_off", "Time off"


class AvailabilityOverride(TimeStampedModel):
    """A change to a provider's regular hours on one local date: extra hours at a clinic, or time off
    (at one clinic, or everywhere when ``clinic`` is empty; the whole day when no times are given)."""

    provider = models.ForeignKey("clinics.ProviderProfile", on_delete=models.CASCADE, related_name="overrides")
    clinic = models.ForeignKey(
        "clinics.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="availability_overrides"
    )
    kind = models.CharField(max_length=20, choices=OverrideKind.choices)
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["provider", "date", "start_time"]
        indexes = [models.Index(fields=["provider", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, start_time__lt=models.F("end_time")),
                name="booking_override_times_together",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OverrideKind.EXTRA_HOURS) | Q(clinic__isnull=False, start_time__isnull=False),
                name="booking_extra_hours_at_a_clinic_with_times",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.provider} on {self.date}"


class ClinicClosure(TimeStampedModel):
    """Whole local days on which a clinic takes no appointments and its providers' hours there lapse."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="Inclusive.")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["clinic", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="booking_closure_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.clinic} closed {self.starts_on}-{self.ends_on}"


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


class RideHome(TimeStampedModel):
    """The patient's answer, for one dose appointment, to the day-before question: who takes them home
    (a name and phone, or by text "the escort named in the portal"), or that they need help with it."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        NEEDS_HELP = "needs_help", "Needs help"

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="ride_home")
    answer = models.CharField(max_length=12, choices=Answer.choices)
    escort_name = models.CharField(max_length=200, blank=True)
    escort_phone = PhoneNumberField(blank=True)
    answered_at = models.DateTimeField()
    answered_by_text = models.BooleanField(default=False)

    def __str__(self):
        return f"Ride home for {self.appointment_id}: {self.answer}"


class VisitLocation(models.Model):
    """Where the patient said they were for a video visit, each time they were asked: when booking it,
    and again when joining it. The record that care was rendered where the provider is licensed."""

    class Moment(models.TextChoices):
        BOOKING = "booking", "When booking"
        JOINING = "joining", "When joining"

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="visit_locations")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    region = models.CharField(max_length=10, validators=[validate_region_code])
    attested_at = models.DateTimeField()
    licensed = models.BooleanField(help_text="Whether the appointment's provider was licensed there for the visit.")

    class Meta:
        ordering = ["attested_at", "pk"]

    def __str__(self):
        return f"{self.appointment_id} {self.moment}: {self.region}"


class CalendarFeed(TimeStampedModel):
    """A user's private calendar subscription. Only a hash of the URL's token is stored: the URL is
    shown once; making a new one or deleting the row revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
