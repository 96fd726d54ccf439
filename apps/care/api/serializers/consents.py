"""Consent documents and signatures."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.care.models import ConsentDocument, ConsentKind, ConsentSignature


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
