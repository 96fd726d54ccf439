from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    READ = "read", "Read"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export"


class AuditEvent(models.Model):
    """One access to protected health information. Accounts with history are deactivated, never
    deleted (PROTECT). Append-only: on PostgreSQL a trigger refuses
    UPDATE and DELETE (see the migration)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="audit_events_as_actor"
    )
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="audit_events_as_patient"
    )
    clinic = models.ForeignKey("clinics.Clinic", null=True, on_delete=models.PROTECT, related_name="+")
    ip_address = models.GenericIPAddressField(null=True)
    # Who acted when no account did: a clinic's API key ("api_key:<prefix>") or a one-time link opened
    # by a patient's outside provider ("summary_link:<id>"). Empty for an account or the system.
    via = models.CharField(max_length=80, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["patient", "-at"]), models.Index(fields=["actor", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}:{self.object_id}"
