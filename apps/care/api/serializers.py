from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.care.models import ConsentDocument, ConsentKind, ConsentSignature, Intake
from apps.care.screening import DISCLAIMER, INTAKE_ANSWER_FIELDS, intake_flags
from apps.care.selectors import intake_answers

# --- Intake ------------------------------------------------------------------------------------


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


# --- Consents ----------------------------------------------------------------------------------


class ConsentListQuery(serializers.Serializer):
    clinic = serializers.SlugField(help_text="The clinic the patient is dealing with: its organization's documents.")


class ConsentDocumentOutput(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    signed_at = serializers.SerializerMethodField(help_text="When the patient signed this version; null if not.")
    needs_signature = serializers.SerializerMethodField()
    earlier_version_signed = serializers.BooleanField(
        help_text="The patient signed an earlier version: this one is new and needs signing again."
    )

    class Meta:
        model = ConsentDocument
        fields = [
            "id",
            "kind",
            "version",
            "title",
            "body",
            "sha256",
            "published_at",
            "signed_at",
            "needs_signature",
            "earlier_version_signed",
        ]

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_signed_at(self, document):
        signature = next(iter(document.patient_signatures), None)
        return serializers.DateTimeField().to_representation(signature.signed_at) if signature else None

    def get_needs_signature(self, document) -> bool:
        return not document.patient_signatures


class ConsentStatusOutput(serializers.Serializer):
    organization = serializers.CharField()
    documents = ConsentDocumentOutput(many=True)


class ConsentSignatureInput(serializers.Serializer):
    typed_name = serializers.CharField(max_length=200, help_text="The patient's full legal name, typed.")
    sha256 = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$", help_text="The ``sha256`` of the document as shown to the patient."
    )


class ConsentSignatureOutput(serializers.ModelSerializer):
    class Meta:
        model = ConsentSignature
        fields = ["id", "document", "document_version", "document_sha256", "typed_name", "signed_at", "ip_address"]
