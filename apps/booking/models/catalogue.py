"""What a clinic offers: its services (with their timing) and chairs."""

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThanOrEqual

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
