import zoneinfo

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.accounts.models import PatientProfile


class PatientProfileSerializer(serializers.ModelSerializer):
    """Input and output of the patient's own profile (field validation only; the write is a service)."""

    phone = PhoneNumberField(required=False, allow_blank=True)
    emergency_contact_phone = PhoneNumberField(required=False, allow_blank=True)
    timezone = serializers.ChoiceField(choices=sorted(zoneinfo.available_timezones()), required=False)

    class Meta:
        model = PatientProfile
        fields = [
            "legal_name",
            "preferred_name",
            "date_of_birth",
            "phone",
            "region",
            "timezone",
            "emergency_contact_name",
            "emergency_contact_phone",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in ("phone", "emergency_contact_phone"):
            data[name] = str(getattr(instance, name) or "")
        return data
