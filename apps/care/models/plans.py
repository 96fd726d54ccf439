"""Consultation outcomes, treatment plans and their adjustments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.booking.models import DosingRoute
from apps.core.models import TimeStampedModel


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
