"""The escort, what a dose booking records, and the dosing session's record."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from apps.booking.models import DosingRoute
from apps.core.clock import now
from apps.core.models import TimeStampedModel


class Escort(TimeStampedModel):
    """The adult who takes the patient home after a dosing session, and the patient's acknowledgement
    that they will not drive until the next day."""

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escort")
    name = models.CharField(max_length=200)
    phone = PhoneNumberField()
    no_driving_acknowledged_at = models.DateTimeField(
        help_text="When the patient confirmed they will not drive until the day after a dosing session."
    )

    def __str__(self):
        return f"Escort of {self.patient_id}"


class DosingBookingDetails(TimeStampedModel):
    """What a dose booking recorded for the patient's way home: the escort as named when it was booked
    (a copy: naming someone else later does not rewrite what was agreed for this session), and when the
    patient acknowledged that they will not drive until the next day."""

    appointment = models.OneToOneField(
        "booking.Appointment", on_delete=models.PROTECT, primary_key=True, related_name="dosing_details"
    )
    escort_name = models.CharField(max_length=200)
    escort_phone = PhoneNumberField()
    no_driving_acknowledged_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "dosing booking details"

    def __str__(self):
        return f"Dosing booking details of {self.appointment_id}"


class DoseUnit(models.TextChoices):
    MG = "mg", "mg"
    MG_PER_KG = "mg/kg", "mg/kg"


class SideEffect(models.TextChoices):
    DIZZINESS = "dizziness", "Dizziness"
    BLURRED_VISION = "blurred_vision", "Blurred vision"
    DISSOCIATION = "dissociation", "Dissociation"
    NAUSEA = "nausea", "Nausea"
    FATIGUE = "fatigue", "Fatigue"
    OTHER = "other", "Other"


# Bounds outside which a number is a typing slip, not a measurement (an alarming value inside them is
# recorded as it is: the record documents what happened). Doses: ketamine for depression is given at
# well under these, whichever the unit.
SYSTOLIC_RANGE = (50, 260)
DIASTOLIC_RANGE = (25, 160)
HEART_RATE_RANGE = (25, 250)
SPO2_RANGE = (50, 100)
DOSE_RANGES = {DoseUnit.MG: (Decimal("0.5"), Decimal("1000")), DoseUnit.MG_PER_KG: (Decimal("0.05"), Decimal("5"))}


def measurement(low_high: tuple[int, int], help_text: str) -> models.PositiveSmallIntegerField:
    low, high = low_high
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(low), MaxValueValidator(high)], help_text=help_text
    )


def validate_side_effects(value) -> None:
    if (
        not isinstance(value, list)
        or len(set(value)) != len(value)
        or not all(isinstance(item, str) for item in value)
        or not set(value) <= set(SideEffect.values)
    ):
        raise ValidationError(f"List each observed side effect once, from: {', '.join(SideEffect.values)}.")


# What a session record must say before the session can be completed.
SESSION_RECORD_REQUIRED_FIELDS = (
    "route",
    "dose",
    "dose_unit",
    "before_systolic",
    "before_diastolic",
    "before_heart_rate",
    "before_spo2",
    "after_systolic",
    "after_diastolic",
    "after_heart_rate",
    "after_spo2",
    "discharged_at",
    "discharged_with",
)


class SessionRecord(TimeStampedModel):
    """The clinical record of one dosing session (a dose appointment), written by the clinic's providers
    while it happens and completed once the patient has left: completing it closes the appointment,
    and the completed record is final."""

    appointment = models.OneToOneField(
        "booking.Appointment", on_delete=models.PROTECT, primary_key=True, related_name="session_record"
    )
    route = models.CharField(max_length=20, choices=DosingRoute.choices)
    dose = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    dose_unit = models.CharField(max_length=5, choices=DoseUnit.choices, blank=True)
    before_systolic = measurement(SYSTOLIC_RANGE, "Blood pressure before the dose, systolic (mmHg).")
    before_diastolic = measurement(DIASTOLIC_RANGE, "Blood pressure before the dose, diastolic (mmHg).")
    before_heart_rate = measurement(HEART_RATE_RANGE, "Heart rate before the dose (beats per minute).")
    before_spo2 = measurement(SPO2_RANGE, "Oxygen saturation before the dose (%).")
    after_systolic = measurement(SYSTOLIC_RANGE, "Blood pressure after the session, systolic (mmHg).")
    after_diastolic = measurement(DIASTOLIC_RANGE, "Blood pressure after the session, diastolic (mmHg).")
    after_heart_rate = measurement(HEART_RATE_RANGE, "Heart rate after the session (beats per minute).")
    after_spo2 = measurement(SPO2_RANGE, "Oxygen saturation after the session (%).")
    side_effects = models.JSONField(default=list, blank=True, validators=[validate_side_effects])
    side_effect_notes = models.TextField(
        blank=True, max_length=2000, help_text="What was observed; required when “other” is listed."
    )
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharged_with = models.CharField(max_length=200, blank=True, help_text="Who the patient left with.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True, completed_by__isnull=True)
                | models.Q(
                    completed_at__isnull=False,
                    completed_by__isnull=False,
                    dose__isnull=False,
                    discharged_at__isnull=False,
                    before_systolic__isnull=False,
                    after_systolic__isnull=False,
                ),
                name="session_record_completed_with_dose_vitals_and_discharge",
            ),
            models.CheckConstraint(condition=models.Q(dose__gt=0) | models.Q(dose__isnull=True), name="dose_positive"),
        ]

    def __str__(self):
        return f"Session record of {self.appointment_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def clean(self):
        errors = {}
        for moment in ("before", "after"):
            systolic, diastolic = getattr(self, f"{moment}_systolic"), getattr(self, f"{moment}_diastolic")
            if systolic is not None and diastolic is not None and diastolic >= systolic:
                errors[f"{moment}_diastolic"] = "The diastolic pressure must be lower than the systolic."
        if self.dose is not None:
            if not self.dose_unit:
                errors["dose_unit"] = "Give the unit of the dose."
            else:
                low, high = DOSE_RANGES[self.dose_unit]
                if not low <= self.dose <= high:
                    errors["dose"] = f"A dose in {self.dose_unit} is between {low} and {high}."
        if SideEffect.OTHER in (self.side_effects or []) and not self.side_effect_notes.strip():
            errors["side_effect_notes"] = "Describe the other side effect."
        if self.discharged_at is not None:
            if self.discharged_at < self.appointment.starts_at:
                errors["discharged_at"] = "The patient cannot have left before the session started."
            elif self.discharged_at > now():
                errors["discharged_at"] = "The discharge time cannot be in the future."
        if errors:
            raise ValidationError(errors)
