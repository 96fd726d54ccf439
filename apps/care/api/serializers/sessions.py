"""The escort, and the dosing session's record sheet."""

from drf_spectacular.utils import extend_schema_field
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.booking.api.serializers.appointments import AppointmentOutput
from apps.booking.api.serializers.instants import AwareDateTimeField
from apps.booking.models import DosingRoute
from apps.care.models import DosingBookingDetails, Escort, SessionRecord, SideEffect
from apps.care.services.sessions import SESSION_RECORD_FIELDS


class EscortInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    phone = PhoneNumberField(help_text="Any common format; stored and returned as E.164 (+12125550123).")
    will_not_drive = serializers.BooleanField(
        help_text="The patient confirms they will not drive until the day after a dosing session. Must be true."
    )

    def validate_will_not_drive(self, value):
        if value is not True:
            raise serializers.ValidationError("Please confirm you will not drive until the next day.")
        return value


class EscortOutput(serializers.ModelSerializer):
    phone = serializers.CharField()

    class Meta:
        model = Escort
        fields = ["name", "phone", "no_driving_acknowledged_at", "updated_at"]


RECORD_FIELDS = list(SESSION_RECORD_FIELDS)


class SessionRecordInput(serializers.ModelSerializer):
    """The whole record (PUT): a field left out or null is emptied. ``route`` defaults to the booked
    service's. Vital signs and doses outside believable ranges are refused field by field."""

    route = serializers.ChoiceField(choices=DosingRoute.choices, required=False, allow_null=True)
    side_effects = serializers.ListField(
        child=serializers.ChoiceField(choices=SideEffect.choices),
        required=False,
        allow_null=True,
        max_length=len(SideEffect.values),
        help_text="Each observed side effect once; an empty list means none were observed.",
    )
    discharged_at = AwareDateTimeField(required=False, allow_null=True, help_text="When the patient left.")

    class Meta:
        model = SessionRecord
        fields = RECORD_FIELDS
        extra_kwargs = {name: {"required": False, "allow_null": True} for name in RECORD_FIELDS}


class RecordAuthorOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class SessionRecordFieldsOutput(serializers.ModelSerializer):
    recorded_by = RecordAuthorOutput()
    completed_by = RecordAuthorOutput(allow_null=True)

    class Meta:
        model = SessionRecord
        fields = [*RECORD_FIELDS, "recorded_by", "created_at", "updated_at", "completed_at", "completed_by"]


class DosingBookingDetailsOutput(serializers.ModelSerializer):
    escort_phone = serializers.CharField()

    class Meta:
        model = DosingBookingDetails
        fields = ["escort_name", "escort_phone", "no_driving_acknowledged_at"]


class SessionSheetOutput(serializers.Serializer):
    appointment = AppointmentOutput()
    booking = DosingBookingDetailsOutput(
        source="booking_details",
        allow_null=True,
        help_text="The escort named and the no-driving acknowledgement given when the session was booked.",
    )
    state = serializers.SerializerMethodField()
    record = SessionRecordFieldsOutput(allow_null=True, help_text="Null until the record is started.")

    @extend_schema_field(serializers.ChoiceField(choices=["not_started", "draft", "completed"]))
    def get_state(self, sheet):
        if sheet.record is None:
            return "not_started"
        return "completed" if sheet.record.is_completed else "draft"
