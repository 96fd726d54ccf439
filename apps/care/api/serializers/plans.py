"""Consultation outcomes and treatment plans."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.booking.api.serializers.instants import WallClockOutput, utc_text, wall_clock
from apps.booking.models import DosingRoute
from apps.care.models import ConsultationOutcome, TreatmentPlan
from apps.care.selectors.sessions import PlanProgress

PROVIDER_HELP = "User id of the responsible provider of this clinic; defaults to the signed-in provider."


class ClinicianOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField(source="provider_profile.display_name", default="")
    credentials = serializers.CharField(source="provider_profile.credentials", default="")


class ClinicSummaryOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ConsultationOutcomeInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ConsultationOutcome.Decision.choices)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    provider = serializers.UUIDField(required=False, help_text=PROVIDER_HELP)


class ConsultationOutcomeOutput(serializers.ModelSerializer):
    provider = ClinicianOutput()
    recorded_by = serializers.EmailField(source="recorded_by.email")

    class Meta:
        model = ConsultationOutcome
        fields = ["id", "decision", "notes", "decided_at", "provider", "recorded_by"]


class PlanInput(serializers.ModelSerializer):
    approved_routes = serializers.ListField(
        child=serializers.ChoiceField(choices=DosingRoute.choices), allow_empty=False, max_length=3
    )
    provider = serializers.UUIDField(required=False, help_text=PROVIDER_HELP)

    class Meta:
        model = TreatmentPlan
        fields = [
            "approved_routes",
            "induction_sessions",
            "induction_window_days",
            "integration_sessions",
            "booster_interval_days",
            "provider",
        ]

    def validate_approved_routes(self, routes):
        if len(set(routes)) != len(routes):
            raise serializers.ValidationError("Name each route once.")
        return routes


class PlanUpdateInput(PlanInput):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Why the plan changes: required when it allows more to be booked (a route, more induction "
        "sessions or days, boosters sooner or where there were none).",
    )

    class Meta(PlanInput.Meta):
        fields = [*PlanInput.Meta.fields, "status", "reason"]


class InductionProgressOutput(serializers.Serializer):
    completed = serializers.IntegerField()
    booked = serializers.IntegerField(help_text="Booked and not done yet (held, confirmed or checked in).")
    total = serializers.IntegerField()
    summary = serializers.CharField(help_text="e.g. “3 of 6 induction sessions”")


class IntegrationProgressOutput(serializers.Serializer):
    completed = serializers.IntegerField()
    total = serializers.IntegerField()


class SessionTimeOutput(serializers.Serializer):
    start = serializers.CharField(help_text="UTC")
    clinic_time = WallClockOutput()


class PlanProgressOutput(serializers.Serializer):
    phase = serializers.ChoiceField(choices=["induction", "maintenance"])
    induction = InductionProgressOutput()
    integration = IntegrationProgressOutput()
    last_dosing_session = SessionTimeOutput(
        allow_null=True, help_text="The latest completed dosing session or booster."
    )
    maintenance_started = serializers.BooleanField(help_text="The induction series is complete.")
    maintenance_started_at = serializers.DateTimeField(allow_null=True)
    next_booster_due = serializers.DateField(
        allow_null=True,
        help_text="The last completed dose plus the booster interval, as a date in the clinic's time zone; "
        "null before maintenance or without a booster interval.",
    )


def plan_progress_data(progress: PlanProgress) -> dict:
    last = progress.last_dose_at
    return {
        "phase": progress.phase,
        "induction": {
            "completed": progress.induction_completed,
            "booked": progress.induction_booked,
            "total": progress.induction_total,
            "summary": progress.summary,
        },
        "integration": {"completed": progress.integration_completed, "total": progress.integration_total},
        "last_dosing_session": (
            {"start": utc_text(last), "clinic_time": wall_clock(last, progress.zone)} if last is not None else None
        ),
        "maintenance_started": progress.maintenance_started_at is not None,
        "maintenance_started_at": progress.maintenance_started_at,
        "next_booster_due": progress.next_booster_due,
    }


class PlanOutput(serializers.ModelSerializer):
    """A plan with its progress, which the view gives as ``context["progress"]`` (``plan_progress``)."""

    clinic = ClinicSummaryOutput()
    provider = ClinicianOutput()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = TreatmentPlan
        fields = [
            "id",
            "status",
            "approved_routes",
            "induction_sessions",
            "induction_window_days",
            "integration_sessions",
            "booster_interval_days",
            "maintenance_started_at",
            "clinic",
            "provider",
            "consultation_outcome",
            "created_at",
            "updated_at",
            "progress",
        ]

    @extend_schema_field(PlanProgressOutput)
    def get_progress(self, plan):
        return PlanProgressOutput(plan_progress_data(self.context["progress"])).data


class AdjusterOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class PlanAdjustmentOutput(serializers.Serializer):
    adjusted_at = serializers.DateTimeField()
    adjusted_by = AdjusterOutput()
    changes = serializers.DictField(
        child=serializers.ListField(), help_text="Each changed field with its value before and after."
    )
    reason = serializers.CharField()


class StaffPlanOutput(PlanOutput):
    """The plan as the clinic's staff see it: with every documented change to what it allows."""

    adjustments = PlanAdjustmentOutput(many=True, source="adjustments.all")

    class Meta(PlanOutput.Meta):
        fields = [*PlanOutput.Meta.fields, "adjustments"]
