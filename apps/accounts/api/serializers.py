import zoneinfo

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.accounts.models import PatientProfile
from apps.clinics.models import Role


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
