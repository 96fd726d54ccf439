import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from apps.core.models import TimeStampedModel

from .kinds import Channel


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    CLAIMED = "claimed", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    SKIPPED = "skipped", "Skipped"


class Notification(TimeStampedModel):
    """One message to one recipient on one channel, due at a time: the durable outbox.

    A frequent beat task claims due rows (``SELECT … FOR UPDATE SKIP LOCKED``) for a lease; a worker
    that dies mid-send leaves the row claimed until the lease ends, and the next claim sends it again
    with the same ``message_id`` so a receiver can drop the duplicate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    clinic = models.ForeignKey(
        "clinics.Clinic", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    kind = models.CharField(max_length=40, help_text="A message kind registered by the domain that plans it.")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    due_at = models.DateTimeField()
    # What the message is about, e.g. ("booking.appointment", "<uuid>"): used to cancel or re-plan it.
    concerns_type = models.CharField(max_length=60, blank=True)
    concerns_id = models.CharField(max_length=64, blank=True)
    # Values for the templates, fixed when the message is planned (re-planned when the reason changes).
    context = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    message_id = models.CharField(max_length=255, unique=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # What the SMS provider said became of a sent text (its status callback), by the provider's own id.
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    delivery_status = models.CharField(max_length=12, blank=True)
    delivery_status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at"]
        indexes = [
            models.Index(fields=["due_at"], name="notification_pending_due", condition=models.Q(status="pending")),
            models.Index(
                fields=["claimed_until"], name="notification_claim_lease", condition=models.Q(status="claimed")
            ),
            models.Index(fields=["concerns_type", "concerns_id"]),
            models.Index(fields=["recipient", "channel", "-due_at"]),
            models.Index(fields=["clinic", "status", "-due_at"]),
        ]

    def __str__(self):
        return f"{self.kind}/{self.channel} to {self.recipient_id} at {self.due_at:%Y-%m-%d %H:%M}Z ({self.status})"


class NotificationPreference(TimeStampedModel):
    """A recipient's choices. E-mail is on by default; SMS needs opting in with a verified number."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    email_enabled = models.BooleanField(default=True)
    sms_enabled = models.BooleanField(default=False)
    sms_number = PhoneNumberField(blank=True)
    sms_verified_at = models.DateTimeField(null=True, blank=True)
    # The recipient replied STOP: no texts until they reply START (or turn texts on again in the portal).
    sms_stopped_at = models.DateTimeField(null=True, blank=True)
    quiet_hours_start = models.TimeField(null=True, blank=True, help_text="Local time in the recipient's zone")
    quiet_hours_end = models.TimeField(null=True, blank=True)
    # Kinds the recipient unsubscribed from (non-essential kinds only).
    unsubscribed_kinds = models.JSONField(default=list, blank=True)

    @property
    def sms_ready(self) -> bool:
        return self.sms_enabled and bool(self.sms_number) and self.sms_verified_at is not None


class PhoneVerification(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_verifications")
    number = PhoneNumberField()
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)


class ReminderSchedule(TimeStampedModel):
    """How long before an appointment its reminders go: for a clinic, or one of its services (which
    wins). Without a row the defaults apply (settings.APPOINTMENT_REMINDER_OFFSETS_MINUTES). A whole
    number of days is counted on the clinic's wall clock (the same time of day), hours exactly."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="reminder_schedules")
    service = models.ForeignKey(
        "booking.ServiceType", null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_schedules"
    )
    offsets_minutes = models.JSONField(help_text="Minutes before the start, e.g. [1440, 120] for a day and 2 hours.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "service"], name="one_reminder_schedule_per_service"),
            models.UniqueConstraint(
                fields=["clinic"], condition=models.Q(service__isnull=True), name="one_reminder_schedule_per_clinic"
            ),
        ]

    def clean(self):
        if not isinstance(self.offsets_minutes, list) or not all(
            isinstance(minutes, int) and 0 < minutes <= 30 * 24 * 60 for minutes in self.offsets_minutes
        ):
            raise ValidationError({"offsets_minutes": "Give a list of minutes between 1 and 43200 (30 days)."})
