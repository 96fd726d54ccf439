import uuid

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class WebhookEndpoint(TimeStampedModel):
    """A URL of a clinic's own system (EHR, billing, analytics) that is told of the events it
    subscribes to. Deleting one keeps the row (``deleted_at``) for its delivery log: a delivery
    inserted from a subscription read just before the delete then points at a row that still exists,
    and is simply never sent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="The event types subscribed to (EventType values).")
    is_active = models.BooleanField(default=True, help_text="Paused endpoints are not sent anything.")
    # Kept in clear: every delivery is signed with it. "whsec_" + base64 of random bytes.
    secret = models.CharField(max_length=100)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="webhook_endpoints_created"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["clinic", "created_at"])]

    def __str__(self):
        return f"{self.url} ({self.clinic_id})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    CLAIMED = "claimed", "Being sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(TimeStampedModel):
    """One event for one endpoint: the outbox row. Inserted in the transaction of the change it tells,
    claimed by a frequent beat task for a lease, and POSTed until the endpoint answers 2xx or the
    retry schedule ends (``failed``; an admin may retry it by hand). Its id is the ``webhook-id``
    header, the same on every attempt, so a receiver drops a duplicate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40)
    # The body sent, fixed when the event happens: {"type", "timestamp", "data"}.
    payload = models.JSONField()
    # Whom the event concerns, for the audit record of each disclosure (none for a test event).
    patient_id = models.UUIDField(null=True, blank=True)

    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    due_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["due_at"], name="webhook_delivery_pending_due", condition=models.Q(status="pending")),
            models.Index(
                fields=["claimed_until"], name="webhook_delivery_claimed", condition=models.Q(status="claimed")
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="claimed")
                | models.Q(claim_token__isnull=False, claimed_until__isnull=False),
                name="webhook_delivery_claim_has_lease",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="delivered") | models.Q(delivered_at__isnull=False),
                name="webhook_delivery_delivered_has_time",
            ),
        ]

    @property
    def message_id(self) -> str:
        return f"msg_{self.id.hex}"
