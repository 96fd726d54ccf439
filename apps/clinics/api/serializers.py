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


class ClinicSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    timezone = serializers.CharField()


class MembershipOutput(serializers.Serializer):
    clinic = ClinicSummarySerializer()
    role = serializers.ChoiceField(choices=Role.choices)


class WorkplaceOutput(serializers.Serializer):
    clinic = ClinicSummarySerializer()
    role = serializers.ChoiceField(
        choices=Role.choices, allow_null=True, help_text="Null where an organization admin is not also a member."
    )


class MeOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    is_staff_member = serializers.BooleanField()
    is_org_admin = serializers.BooleanField()
    mfa_enabled = serializers.BooleanField(help_text="The account has an authenticator.")
    mfa_passed = serializers.BooleanField(
        help_text="This session proved the second factor (at sign-in, on enrolling, or confirming with a code); "
        "staff endpoints need it."
    )
    memberships = MembershipOutput(many=True)
    can_edit_library = serializers.BooleanField(
        help_text="May edit the education library's articles (in the Django admin)."
    )
    clinics = WorkplaceOutput(
        many=True,
        help_text="The clinics the user can work in, by name: their memberships and, for an organization "
        "admin, every clinic of their organizations. Empty for patients.",
    )
