"""The intake questionnaire: answers in, the patient's and the staff's views out."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.care.models import Intake
from apps.care.screening import DISCLAIMER, INTAKE_ANSWER_FIELDS, intake_flags
from apps.care.selectors.intake import intake_answers


class IntakeAnswersInput(serializers.ModelSerializer):
    """Some or all of the intake's answers (a draft may be saved with any of them missing)."""

    class Meta:
        model = Intake
        fields = list(INTAKE_ANSWER_FIELDS)
        extra_kwargs = {name: {"required": False} for name in INTAKE_ANSWER_FIELDS}


class ScreeningReasonOutput(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ScreeningOutput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Intake.ScreeningOutcome.choices)
    reasons = ScreeningReasonOutput(many=True)
    disclaimer = serializers.CharField()


class IntakeOutput(serializers.ModelSerializer):
    """The answers, and once submitted the screen that was computed from them."""

    screening = serializers.SerializerMethodField()

    class Meta:
        model = Intake
        fields = ["status", "submitted_at", "updated_at", *INTAKE_ANSWER_FIELDS, "screening"]

    @extend_schema_field(ScreeningOutput(allow_null=True))
    def get_screening(self, intake: Intake):
        if intake.status != Intake.Status.SUBMITTED:
            return None
        return {"outcome": intake.screening_outcome, "reasons": intake.screening_reasons, "disclaimer": DISCLAIMER}


class StaffIntakeOutput(IntakeOutput):
    flags = serializers.SerializerMethodField(help_text="The flag questions the patient answered “yes”.")

    class Meta(IntakeOutput.Meta):
        fields = [*IntakeOutput.Meta.fields, "flags"]

    def get_flags(self, intake: Intake) -> list[str]:
        return intake_flags(intake_answers(intake))
