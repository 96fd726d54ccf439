"""Versioned consent documents and the patients' signatures."""

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Treatment consent"
    TELEHEALTH = "telehealth", "Telehealth consent"
    PRIVACY = "privacy", "Privacy notice"
    FINANCIAL = "financial", "Financial policy"


class ConsentDocument(TimeStampedModel):
    """One version of an organization's consent document. Published once and never edited: a change is
    a new version, which patients sign again. ``sha256`` is the hex SHA-256 of ``body`` as UTF-8."""

    organization = models.ForeignKey("clinics.Organization", on_delete=models.PROTECT, related_name="consent_documents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    sha256 = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["organization", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "version"], name="one_consent_version_per_kind"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="consent_version_from_one"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} ({self.organization_id})"


class ConsentSignature(models.Model):
    """A patient's signature of one document version. The version and hash are copied so the row
    alone says exactly which text was signed."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_signatures")
    document = models.ForeignKey(ConsentDocument, on_delete=models.PROTECT, related_name="signatures")
    document_version = models.PositiveIntegerField()
    document_sha256 = models.CharField(max_length=64)
    typed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "document"], name="one_signature_per_consent_version")
        ]

    def __str__(self):
        return f"Signature {self.pk} of {self.document_id}"
