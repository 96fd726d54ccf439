from drf_spectacular.utils import extend_schema_field
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.reminders.kinds import Channel, kind_choices, rules_for
from apps.reminders.models import NotificationPreference, Status


class MessageKindField(serializers.ChoiceField):
    """A message kind, of those the domains registered (known once the apps are loaded, so read when
    the field is bound to a serializer); ``unsubscribable``: only the kinds a recipient may turn off."""

    def __init__(self, *, unsubscribable: bool = False, **kwargs):
        self.unsubscribable = unsubscribable
        super().__init__(choices=(), **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.choices = [
            (kind, label) for kind, label in kind_choices() if not (self.unsubscribable and rules_for(kind).essential)
        ]


@extend_schema_field({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "example": "22:00"})
class WallClockTimeField(serializers.TimeField):
    """A time of day on the recipient's own clock, "HH:MM": no seconds, no offset."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)


class InAppNotificationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = MessageKindField()
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField(source="due_at")
    read_at = serializers.DateTimeField(allow_null=True)


class PreferencesSerializer(serializers.ModelSerializer):
    sms_number = serializers.CharField(read_only=True)
    sms_verified = serializers.SerializerMethodField()
    unsubscribed_kinds = serializers.ListField(child=MessageKindField(unsubscribable=True), required=False)
    quiet_hours_start = WallClockTimeField(required=False, allow_null=True)
    quiet_hours_end = WallClockTimeField(required=False, allow_null=True)

    class Meta:
        model = NotificationPreference
        fields = [
            "email_enabled",
            "sms_enabled",
            "sms_number",
            "sms_verified",
            "quiet_hours_start",
            "quiet_hours_end",
            "unsubscribed_kinds",
        ]

    def get_sms_verified(self, prefs) -> bool:
        return prefs.sms_verified_at is not None

    def validate(self, attrs):
        if attrs.get("sms_enabled") and self.instance.sms_verified_at is None:
            raise serializers.ValidationError({"sms_enabled": ["Verify a mobile number before turning on texts."]})
        start = attrs.get("quiet_hours_start", self.instance.quiet_hours_start)
        end = attrs.get("quiet_hours_end", self.instance.quiet_hours_end)
        if (start is None) != (end is None):
            raise serializers.ValidationError({"quiet_hours_end": ["Give both the start and the end of quiet hours."]})
        return attrs


class PhoneVerificationStartInput(serializers.Serializer):
    number = PhoneNumberField()


class PhoneVerificationConfirmInput(serializers.Serializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$", error_messages={"invalid": "Enter the six-digit code."})


class UnsubscribeOutput(serializers.Serializer):
    kind = MessageKindField()
    description = serializers.CharField()
    unsubscribed = serializers.BooleanField()


class DeliveryLogQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False, help_text="Only messages in this state.")
    recipient = serializers.UUIDField(
        required=False,
        help_text="Only messages to this person (a patient's user id, as on the patient page); someone the "
        "clinic never wrote to has an empty log.",
    )


class DeliveryLogOutput(serializers.Serializer):
    id = serializers.UUIDField()
    recipient_email = serializers.EmailField(source="recipient.email")
    kind = MessageKindField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    due_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    attempts = serializers.IntegerField()
    last_error = serializers.CharField()
