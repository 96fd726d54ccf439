"""PHQ-9 and GAD-7 results, the safety alerts they raise, and each organization's crisis resources."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from apps.core.models import TimeStampedModel

from ..crisis import resource_list_errors
from ..instruments import INSTRUMENTS


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
