"""PHQ-9 and GAD-7: instruments, submissions, trends, and safety alerts."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.booking.api.serializers.instants import WallClockOutput, utc_text, wall_clock
from apps.booking.selectors.catalogue import clinic_zone
from apps.care.instruments import ANSWER_OPTIONS, INSTRUMENTS, PROMPT, answer_errors
from apps.care.models import Assessment, SafetyAlert


class AnswerOptionOutput(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()


class BandOutput(serializers.Serializer):
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    severity = serializers.CharField()
    label = serializers.CharField()


class InstrumentOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    prompt = serializers.SerializerMethodField()
    items = serializers.ListField(child=serializers.CharField())
    answer_options = serializers.SerializerMethodField()
    max_score = serializers.IntegerField()
    bands = BandOutput(many=True)

    def get_prompt(self, instrument) -> str:
        return PROMPT

    @extend_schema_field(AnswerOptionOutput(many=True))
    def get_answer_options(self, instrument):
        return [{"value": value, "label": label} for value, label in ANSWER_OPTIONS]


class AssessmentInput(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=list(INSTRUMENTS))
    answers = serializers.ListField(
        child=serializers.IntegerField(), max_length=20, help_text="One answer per item, 0 to 3, in order."
    )

    def validate(self, data):
        errors = answer_errors(data["instrument"], data["answers"])
        if errors:
            raise serializers.ValidationError({"answers": errors})
        return data


class AssessmentOutput(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "instrument", "answers", "total_score", "severity", "taken_at"]


class CrisisResourceOutput(serializers.Serializer):
    label = serializers.CharField()
    instruction = serializers.CharField()
    href = serializers.CharField(required=False)


class CrisisOutput(serializers.Serializer):
    heading = serializers.CharField()
    message = serializers.CharField()
    resources = CrisisResourceOutput(many=True)
    care_team_notified = serializers.BooleanField()
    follow_up = serializers.CharField()


class AssessmentSubmissionOutput(serializers.Serializer):
    assessment = AssessmentOutput()
    crisis = CrisisOutput(
        allow_null=True, help_text="Present when the answers suggest the patient may be in danger: show it at once."
    )


class TrendPointOutput(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["taken_at", "total_score", "severity"]


class InstrumentTrendOutput(serializers.Serializer):
    instrument = serializers.CharField(source="instrument.code")
    name = serializers.CharField(source="instrument.name")
    max_score = serializers.IntegerField(source="instrument.max_score")
    bands = BandOutput(source="instrument.bands", many=True)
    points = TrendPointOutput(many=True)


class TrendSessionOutput(serializers.Serializer):
    date = serializers.SerializerMethodField(help_text="The session's date in its clinic's time zone.")
    start = serializers.SerializerMethodField(help_text="UTC")
    clinic_time = serializers.SerializerMethodField()
    clinic = serializers.SlugField(source="clinic.slug")

    def get_date(self, appointment) -> str:
        return appointment.starts_at.astimezone(clinic_zone(appointment.clinic)).date().isoformat()

    def get_start(self, appointment) -> str:
        return utc_text(appointment.starts_at)

    @extend_schema_field(WallClockOutput)
    def get_clinic_time(self, appointment):
        return wall_clock(appointment.starts_at, clinic_zone(appointment.clinic))


class TrendOutput(serializers.Serializer):
    instruments = InstrumentTrendOutput(many=True)
    sessions = TrendSessionOutput(
        many=True,
        help_text="The patient's completed dosing sessions (dosing and boosters), oldest first, to mark on the "
        "chart. Staff see those at their clinic.",
    )


class AlertListQuery(serializers.Serializer):
    state = serializers.ChoiceField(choices=["open", "acknowledged", "all"], default="open")


class AlertPatientOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    legal_name = serializers.CharField(source="patient_profile.legal_name", default="")
    preferred_name = serializers.CharField(source="patient_profile.preferred_name", default="")
    phone = serializers.CharField(source="patient_profile.phone", default="")


class SafetyAlertOutput(serializers.ModelSerializer):
    reason_label = serializers.CharField(source="get_reason_display")
    answer_label = serializers.SerializerMethodField()
    patient = AlertPatientOutput()
    assessment = AssessmentOutput()
    acknowledged_by = serializers.EmailField(source="acknowledged_by.email", default=None, allow_null=True)

    class Meta:
        model = SafetyAlert
        fields = [
            "id",
            "reason",
            "reason_label",
            "answer",
            "answer_label",
            "raised_at",
            "patient",
            "assessment",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledgement_note",
        ]

    def get_answer_label(self, alert) -> str:
        return dict(ANSWER_OPTIONS)[alert.answer]


class AlertAcknowledgementInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
