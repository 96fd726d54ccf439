"""The intake questionnaire and its eligibility screen's answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from apps.core.models import TimeStampedModel

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
