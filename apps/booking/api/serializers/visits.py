"""The visit: the ride home after a dose, and joining a video visit."""

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from .appointments import visit_region_field


class RideHomeInput(serializers.Serializer):
    needs_help = serializers.BooleanField(default=False, help_text="The patient has nobody to take them home yet.")
    escort_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    escort_phone = PhoneNumberField(required=False, allow_blank=True, default="")

    def validate(self, data):
        if not data["needs_help"]:
            missing = {
                name: ["Say who takes you home, or that you need help."]
                for name in ("escort_name", "escort_phone")
                if not str(data[name]).strip()
            }
            if missing:
                raise serializers.ValidationError(missing)
        return data


class RideHomeOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=["not_confirmed", "confirmed", "needs_help"])
    escort_name = serializers.CharField(source="answer.escort_name", default="")
    escort_phone = serializers.CharField(source="answer.escort_phone", default="")
    answered_at = serializers.DateTimeField(source="answer.answered_at", default=None, allow_null=True)
    answered_by_text = serializers.BooleanField(
        source="answer.answered_by_text", default=False, help_text="By text: the escort named in the portal."
    )


class JoinInput(serializers.Serializer):
    region = visit_region_field(
        "The patient: where they are right now (ISO 3166-2, e.g. US-NY); required. The provider sends nothing."
    )


class JoinOutput(serializers.Serializer):
    url = serializers.CharField(help_text="The meeting link with its token; do not share it.")
    room = serializers.CharField()
    moderator = serializers.BooleanField()
    expires_at = serializers.DateTimeField()
