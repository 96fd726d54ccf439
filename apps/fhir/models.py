"""Per-clinic API keys: what lets a system the clinic authorises read the clinic's data over FHIR."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel


class ClinicAPIKey(TimeStampedModel):
    """One key of one clinic. The secret is shown once, when the key is made; only its hash is kept
    (SHA-512 of a 190-bit random secret, djangorestframework-api-key's ``KeyGenerator``). The prefix,
    the part of the key before the dot, finds the row and names the key in the audit trail.

    Not built on the library's ``AbstractAPIKey``: its primary key is ``prefix.hash``, which would put
    the hash in every management URL and log line, and using it needs the library's own app (an
    unused table and admin page) installed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=150, editable=False)
    scopes = models.JSONField(help_text="SMART system scopes, e.g. system/Patient.read or system/*.read.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="None: until revoked.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(
        null=True, blank=True, help_text="To the minute (see FHIR_KEY_LAST_USED_SECONDS)."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "clinic API key"
        indexes = [models.Index(fields=["clinic", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="fhir_api_key_revoked_by_someone",
            )
        ]

    def __str__(self):
        return f"API key {self.prefix} of clinic {self.clinic_id}"

    @property
    def via(self) -> str:
        """Who acted, for the audit trail (``AuditEvent.via``)."""
        return f"api_key:{self.prefix}"

    def usable_at(self, at: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at)
