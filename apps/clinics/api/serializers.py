from rest_framework import serializers

from apps.accounts.api.serializers import PatientProfileSerializer
from apps.clinics.models import Clinic, Role


class ClinicOutput(serializers.ModelSerializer):
    phone = serializers.CharField()
    organization = serializers.CharField(source="organization.name")

    class Meta:
        model = Clinic
        fields = [
            "slug",
            "name",
            "organization",
            "address_line1",
            "address_line2",
            "city",
            "region",
            "postal_code",
            "phone",
            "timezone",
        ]


class ProviderSummary(serializers.Serializer):
    display_name = serializers.CharField()
    credentials = serializers.CharField()


class StaffMemberOutput(serializers.Serializer):
    id = serializers.UUIDField(source="user.id")
    email = serializers.EmailField(source="user.email")
    role = serializers.ChoiceField(choices=Role.choices)
    provider = ProviderSummary(source="user.provider_profile", allow_null=True, default=None)


class PatientSummaryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    legal_name = serializers.CharField(source="patient_profile.legal_name", default="")
    preferred_name = serializers.CharField(source="patient_profile.preferred_name", default="")


class PatientDetailOutput(PatientSummaryOutput):
    profile = PatientProfileSerializer(source="patient_profile", allow_null=True)
