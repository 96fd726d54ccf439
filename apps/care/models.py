"""The care pathway's records. All of them are health information: every read and write goes through a
service or selector that audits it. Clinical records are never deleted (PROTECT)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from apps.booking.models import DosingRoute
from apps.core.clock import now
from apps.core.models import TimeStampedModel

from .crisis import resource_list_errors
from .instruments import INSTRUMENTS

# A count beyond this is a typing mistake, not a history.
MAX_TREATMENTS_TRIED = 50


def yes_no(question: str) -> models.BooleanField:
    """A yes/no question; ``None`` until the patient answers it."""
    return models.BooleanField(null=True, blank=True, help_text=question)


class Intake(TimeStampedModel):
    """The patient's intake questionnaire: a draft they can save and resume, then submitted once.
    ``None`` on a yes/no question means "not answered yet"; submission needs every required answer."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    class Diagnosis(models.TextChoices):
        MAJOR_DEPRESSION = "major_depression", "Major depression"
        BIPOLAR_DEPRESSION = "bipolar_depression", "Bipolar depression"
        OTHER = "other", "Other"

    class ScreeningOutcome(models.TextChoices):
        LIKELY_CANDIDATE = "likely_candidate", "Likely candidate"
        NEEDS_REVIEW = "needs_review", "Needs a clinician's review"
        NOT_A_CANDIDATE_NOW = "not_a_candidate_now", "Not a candidate for now"

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intake")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)

    diagnosis = models.CharField(
        max_length=20,
        choices=Diagnosis.choices,
        blank=True,
        help_text="The diagnosis a provider has told the patient about.",
    )
    diagnosis_other = models.CharField(max_length=200, blank=True, help_text="What the diagnosis is, for “other”.")

    mania_elevated_mood = yes_no(
        "In the past month, several days in a row of feeling unusually high, hyper or irritable, "
        "so that others noticed?",
    )
    mania_less_sleep = yes_no("In the past month, needing much less sleep than usual and still feeling full of energy?")
    psychosis_perceptions = yes_no("In the past month, hearing or seeing things that other people could not?")
    psychosis_beliefs = yes_no(
        "In the past month, feeling that others were controlling your thoughts or plotting against you, "
        "or that you had special powers?",
    )

    antidepressant_trials = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_TREATMENTS_TRIED)],
        help_text="How many antidepressant medicines have been tried.",
    )
    therapies_tried = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_TREATMENTS_TRIED)],
        help_text="How many courses of talk therapy or other depression treatments (TMS, ECT).",
    )

    has_mental_health_provider = yes_no("Sees a mental-health provider now?")
    mental_health_provider_name = models.CharField(max_length=200, blank=True)
    mental_health_provider_contact = models.CharField(
        max_length=200, blank=True, help_text="Phone number or e-mail address of that provider."
    )
    open_to_mental_health_provider = yes_no("Without one: open to seeing a mental-health provider alongside treatment?")

    takes_medications = yes_no("Takes any medicines or supplements now?")
    medications = models.TextField(blank=True, max_length=2000, help_text="Which, with doses if known.")

    uncontrolled_high_blood_pressure = yes_no("High blood pressure that is not under control?")
    heart_or_blood_vessel_disease = yes_no("Heart disease, a past heart attack or stroke, or an aneurysm?")
    pregnant_or_breastfeeding = yes_no("Pregnant, possibly pregnant, trying to become pregnant, or breastfeeding?")
    history_of_psychosis = yes_no("Ever had psychosis (losing touch with reality), hallucinations or delusions?")
    substance_use = yes_no(
        "Alcohol or drug use that worries you or others, or in recovery from a substance use disorder?",
    )
    prior_ketamine_reaction = yes_no("Ever had a bad reaction to ketamine or an anaesthetic?")
    medical_history_notes = models.TextField(
        blank=True, max_length=2000, help_text="Anything else a clinician should know."
    )

    # The screen as it was when the intake was submitted: what the patient was shown and staff review.
    screening_outcome = models.CharField(max_length=20, choices=ScreeningOutcome.choices, blank=True)
    screening_reasons = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft", submitted_at__isnull=True)
                | models.Q(status="submitted", submitted_at__isnull=False),
                name="intake_submitted_has_a_time",
            )
        ]

    def __str__(self):
        return f"Intake {self.pk} ({self.status})"

    def record_submission(self, *, outcome: str, reasons: list[dict], at) -> None:
        """Mark the intake submitted at ``at`` with the screen of its answers (not saved here)."""
        self.status = self.Status.SUBMITTED
        self.submitted_at = at
        self.screening_outcome = outcome
        self.screening_reasons = reasons


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Treatment consent"
    TELEHEALTH = "telehealth", "Telehealth consent"
    PRIVACY = "privacy", "Privacy notice"
    FINANCIAL = "financial", "Financial policy"


class ConsentDocument(TimeStampedModel):
    """One version of an organization's consent document. Published once and never edited: a change is
    a new version, which patients sign again. ``sha256`` is the hex SHA-256 of ``body`` as UTF-8."""

    organization = models.ForeignKey("clinics.Organization", on_delete=models.PROTECT, related_name="consent_documents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    sha256 = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["organization", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "version"], name="one_consent_version_per_kind"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="consent_version_from_one"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} ({self.organization_id})"


class ConsentSignature(models.Model):
    """A patient's signature of one document version. The version and hash are copied so the row
    alone says exactly which text was signed."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_signatures")
    document = models.ForeignKey(ConsentDocument, on_delete=models.PROTECT, related_name="signatures")
    document_version = models.PositiveIntegerField()
    document_sha256 = models.CharField(max_length=64)
    typed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "document"], name="one_signature_per_consent_version")
        ]

    def __str__(self):
        return f"Signature {self.pk} of {self.document_id}"


class Assessment(models.Model):
    """One completed PHQ-9 or GAD-7: the answers as given, with the score and band computed on save."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    instrument = models.CharField(
        max_length=10, choices=[(instrument.code, instrument.name) for instrument in INSTRUMENTS.values()]
    )
    answers = models.JSONField(help_text="One answer per item, 0 to 3, in the instrument's order.")
    total_score = models.PositiveSmallIntegerField()
    severity = models.CharField(max_length=20)
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["patient", "instrument", "-taken_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(total_score__lte=27), name="assessment_score_in_range"),
        ]

    def __str__(self):
        return f"{self.get_instrument_display()} {self.pk}"


class SafetyAlert(TimeStampedModel):
    """An urgent alert to one clinic about one assessment, open until a staff member acknowledges it."""

    class Reason(models.TextChoices):
        PHQ9_SELF_HARM = "phq9_self_harm", "PHQ-9 item 9: thoughts of being better off dead or of self-harm"

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="safety_alerts")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="safety_alerts")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="safety_alerts")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    answer = models.PositiveSmallIntegerField(help_text="The answer that raised the alert (1 to 3).")
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledgement_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["raised_at"]
        indexes = [models.Index(fields=["clinic", "acknowledged_at", "raised_at"])]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "assessment"], name="one_alert_per_clinic_and_assessment"),
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | models.Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="alert_acknowledged_by_someone",
            ),
        ]

    def __str__(self):
        return f"Safety alert {self.pk}"


class CrisisResources(TimeStampedModel):
    """An organization's crisis resources, shown to a patient whose answers suggest they may be in
    danger. Without a row the US default applies (988, 911)."""

    organization = models.OneToOneField(
        "clinics.Organization", on_delete=models.CASCADE, related_name="crisis_resources"
    )
    heading = models.CharField(max_length=200)
    message = models.TextField(max_length=2000)
    resources = models.JSONField(
        help_text='A list of {"label": ..., "instruction": ..., "href": "tel:988"} (href optional).'
    )

    class Meta:
        verbose_name_plural = "crisis resources"

    def __str__(self):
        return f"Crisis resources of {self.organization_id}"

    def clean(self):
        errors = resource_list_errors(self.resources)
        if errors:
            raise ValidationError({"resources": errors})

    def as_configuration(self) -> dict:
        return {"heading": self.heading, "message": self.message, "resources": self.resources}


def validate_routes(value) -> None:
    if (
        not isinstance(value, list)
        or not value
        or len(set(value)) != len(value)
        or not set(value) <= set(DosingRoute.values)
    ):
        raise ValidationError(f"Approve one or more routes, each once, from: {', '.join(DosingRoute.values)}.")


class ConsultationOutcome(TimeStampedModel):
    """A provider's decision after the initial consultation. A patient may have several over time
    (for example "needs more information", then "accepted")."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted for treatment"
        NOT_ACCEPTED = "not_accepted", "Not accepted"
        NEEDS_MORE_INFORMATION = "needs_more_information", "Needs more information"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_outcomes"
    )
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="consultation_outcomes")
    provider = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=30, choices=Decision.choices)
    notes = models.TextField(blank=True, max_length=4000)
    decided_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["patient", "clinic", "-decided_at"])]

    def __str__(self):
        return f"Consultation outcome {self.pk} ({self.decision})"


DEFAULT_INDUCTION_SESSIONS = 6
DEFAULT_INDUCTION_WINDOW_DAYS = 21


class TreatmentPlan(TimeStampedModel):
    """What a provider approved for an accepted patient. A patient has at most one current (active or
    paused) plan; a completed plan is history and is never changed again."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"

    CURRENT_STATUSES = (Status.ACTIVE, Status.PAUSED)

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="treatment_plans")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="treatment_plans")
    provider = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consultation_outcome = models.ForeignKey(ConsultationOutcome, on_delete=models.PROTECT, related_name="plans")
    approved_routes = models.JSONField(
        validators=[validate_routes], help_text="Route codes (DosingRoute) the provider approved."
    )
    induction_sessions = models.PositiveSmallIntegerField(
        default=DEFAULT_INDUCTION_SESSIONS, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    induction_window_days = models.PositiveSmallIntegerField(
        default=DEFAULT_INDUCTION_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Days within which the induction series is given.",
    )
    integration_sessions = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(52)])
    booster_interval_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text="Days between maintenance boosters; empty when no boosters are planned.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # The phase, beside the status: the status says whether the patient may be dosed at all; this says
    # when the induction series was completed and maintenance (boosters) began. Recorded rather than
    # derived from the session count so that the moment is kept (and reported) once, whatever a later
    # change to the plan's induction length.
    maintenance_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(status__in=["active", "paused"]),
                name="one_current_plan_per_patient",
            ),
            models.CheckConstraint(condition=models.Q(induction_sessions__gte=1), name="plan_has_an_induction"),
        ]

    def __str__(self):
        return f"Treatment plan {self.pk} ({self.status})"


class PlanAdjustment(models.Model):
    """A change to what a plan allows of a controlled substance (routes, induction length or window,
    booster interval): who made it, when, what changed (``{"field": [before, after]}``) and why.
    Widening what can be booked needs a reason; the clinic's staff see the list on the patient's page."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="adjustments")
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    adjusted_at = models.DateTimeField()
    changes = models.JSONField()
    reason = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-adjusted_at", "-pk"]

    def __str__(self):
        return f"Adjustment {self.pk} of plan {self.plan_id}"


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
