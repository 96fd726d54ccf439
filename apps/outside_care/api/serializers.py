"""The outside care team's API shapes."""

from rest_framework import serializers

from ..models import EmailStatus, OutsideProvider, ProgressSummary, ShareSection, SharingConsent
from ..selectors import LinkState

SECTIONS = serializers.ListField(
    child=serializers.ChoiceField(choices=ShareSection.choices),
    allow_empty=False,
    max_length=len(ShareSection.values),
    help_text="What may be shared: each a separate choice.",
)


class OutsideProviderInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    practice = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    fax = serializers.RegexField(r"^\+?[0-9 ()./-]{5,40}$", max_length=40, required=False, allow_blank=True, default="")


class OutsideProviderOutput(serializers.ModelSerializer):
    class Meta:
        model = OutsideProvider
        fields = ["name", "practice", "email", "fax", "updated_at"]


class ConsentWordingInput(serializers.Serializer):
    sections = SECTIONS
    valid_until = serializers.DateField(help_text="The last day the consent allows sharing (your time zone).")


class ConsentWordingOutput(serializers.Serializer):
    terms_version = serializers.IntegerField()
    text = serializers.CharField(help_text="The exact wording to show; agreeing sends back its ``sha256``.")
    sha256 = serializers.CharField()


class ConsentInput(ConsentWordingInput):
    typed_name = serializers.CharField(max_length=200, help_text="The patient's full legal name, typed.")
    sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", help_text="The ``sha256`` of the wording as shown.")


class SharingConsentOutput(serializers.ModelSerializer):
    sections = serializers.ListField(child=serializers.ChoiceField(choices=ShareSection.choices))
    is_live = serializers.BooleanField(help_text="The newest version, not revoked and not lapsed.")

    class Meta:
        model = SharingConsent
        fields = [
            "id",
            "version",
            "provider_name",
            "provider_practice",
            "provider_email",
            "provider_fax",
            "sections",
            "valid_until",
            "lapses_at",
            "terms_version",
            "wording",
            "wording_sha256",
            "typed_name",
            "given_at",
            "revoked_at",
            "is_live",
        ]


class SummaryOutput(serializers.ModelSerializer):
    sections = serializers.ListField(child=serializers.ChoiceField(choices=ShareSection.choices))
    shared_with = serializers.CharField(source="consent.provider_name")
    shared_with_practice = serializers.CharField(source="consent.provider_practice")
    clinic_name = serializers.CharField(source="clinic.name")
    email_status = serializers.ChoiceField(choices=EmailStatus.choices)
    link_state = serializers.ChoiceField(choices=[(state.value, state.value) for state in LinkState], source="state")

    class Meta:
        model = ProgressSummary
        fields = [
            "id",
            "created_at",
            "clinic_name",
            "shared_with",
            "shared_with_practice",
            "sections",
            "email_status",
            "email_sent_at",
            "first_viewed_at",
            "downloaded_at",
            "link_expires_at",
            "link_state",
        ]


class OutsideCareOverviewOutput(serializers.Serializer):
    provider = OutsideProviderOutput(allow_null=True)
    consent = SharingConsentOutput(allow_null=True, help_text="The newest version, live or not; null if none.")
    latest_valid_until = serializers.DateField(help_text="The furthest end date a consent may have today.")
    summaries = SummaryOutput(many=True)


class StaffSummaryOutput(SummaryOutput):
    sent_by = serializers.CharField(source="created_by.display_name")

    class Meta(SummaryOutput.Meta):
        fields = [*SummaryOutput.Meta.fields, "sent_by"]


class SharingPatientOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    legal_name = serializers.CharField(source="patient_profile.legal_name")
    preferred_name = serializers.CharField(source="patient_profile.preferred_name")
    consent = SharingConsentOutput(source="live_consent")
    summaries = StaffSummaryOutput(source="clinic_summaries", many=True)
