"""A patient's outside provider, the patient's consent to share with them, and each progress summary
shared under that consent (its one-time link and the e-mail that carries it).

Consents are versioned: a change is a new row with the next version, never an edit; revoking sets
``revoked_at``. A consent is *live* while it is the patient's newest version, not revoked and not
lapsed (``lapses_at``): only a live consent allows a summary to be made, and a summary's link opens
only while the consent it was made under is still live, so a change, a revocation or a lapse ends
every link made before it at once, with nothing to update."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel


class ShareSection(models.TextChoices):
    """What a patient may allow to be shared, each a separate choice."""

    ATTENDANCE = "attendance", "Attendance and the treatment plan"
    ASSESSMENTS = "assessments", "PHQ-9 and GAD-7 scores over time"
    SIDE_EFFECTS = "side_effects", "Side effects noted at sessions"


class OutsideProvider(TimeStampedModel):
    """The psychiatrist, therapist or doctor who cares for the patient outside the clinic. Contact
    details may be corrected; a consent keeps its own copy of whom it names."""

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outside_provider")
    name = models.CharField(max_length=200)
    practice = models.CharField(max_length=200)
    email = models.EmailField()
    fax = models.CharField(max_length=40, blank=True)

    def __str__(self):
        return f"Outside provider of {self.patient_id}"


class SharingConsent(models.Model):
    """One version of a patient's consent to share with their outside provider: what, with whom (a copy
    of the provider's details as shown), until when, and the exact wording shown with its SHA-256."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sharing_consents")
    provider = models.ForeignKey(OutsideProvider, on_delete=models.PROTECT, related_name="consents")
    version = models.PositiveIntegerField()
    provider_name = models.CharField(max_length=200)
    provider_practice = models.CharField(max_length=200)
    provider_email = models.EmailField()
    provider_fax = models.CharField(max_length=40, blank=True)
    share_attendance = models.BooleanField()
    share_assessments = models.BooleanField()
    share_side_effects = models.BooleanField()
    valid_until = models.DateField(help_text="The last day (in the patient's time zone) the consent allows sharing.")
    lapses_at = models.DateTimeField(help_text="The end of ``valid_until`` in the patient's time zone, in UTC.")
    terms_version = models.PositiveIntegerField()
    wording = models.TextField(help_text="The exact text the patient was shown and agreed to.")
    wording_sha256 = models.CharField(max_length=64)
    typed_name = models.CharField(max_length=200)
    given_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["patient", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "version"], name="one_sharing_consent_per_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="sharing_consent_version_from_one"),
            models.CheckConstraint(
                condition=Q(share_attendance=True) | Q(share_assessments=True) | Q(share_side_effects=True),
                name="sharing_consent_shares_something",
            ),
            models.CheckConstraint(
                condition=Q(lapses_at__gt=models.F("given_at")), name="sharing_consent_lapses_later"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("given_at")),
                name="sharing_consent_revoked_after_given",
            ),
        ]

    def __str__(self):
        return f"Sharing consent v{self.version} of {self.patient_id}"

    @property
    def sections(self) -> list[str]:
        chosen = {
            ShareSection.ATTENDANCE: self.share_attendance,
            ShareSection.ASSESSMENTS: self.share_assessments,
            ShareSection.SIDE_EFFECTS: self.share_side_effects,
        }
        return [section.value for section, shared in chosen.items() if shared]


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Not sent: the consent ended first"


class ProgressSummary(TimeStampedModel):
    """One summary shared with the outside provider: the PDF as made when staff sent it, the one-time
    link (only a hash of its token is kept) and the e-mail that carries the link, a durable outbox row
    of its own (the outside provider has no account, so the notification outbox cannot address them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_summaries")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="progress_summaries")
    consent = models.ForeignKey(SharingConsent, on_delete=models.PROTECT, related_name="summaries")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=255)
    sections = models.JSONField(help_text="The sections it holds: those the consent allowed when it was made.")
    pdf = models.BinaryField()
    token_nonce = models.CharField(max_length=64, help_text="With the secret key, derives the link's token.")
    token_sha256 = models.CharField(max_length=64, unique=True)
    link_expires_at = models.DateTimeField()
    first_viewed_at = models.DateTimeField(null=True, blank=True, help_text="The link's page was first shown.")
    downloaded_at = models.DateTimeField(null=True, blank=True, help_text="The PDF was downloaded: the link is spent.")

    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_due_at = models.DateTimeField()
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_last_error = models.CharField(max_length=300, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, unique=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["email_due_at"], name="summary_email_due", condition=Q(email_status="pending")),
            models.Index(fields=["patient", "-created_at"]),
            models.Index(fields=["clinic", "-created_at"]),
        ]
        constraints = [
            # A double-clicked or retried send makes one summary.
            models.UniqueConstraint(fields=["created_by", "idempotency_key"], name="one_summary_per_idempotency_key"),
            models.CheckConstraint(
                condition=Q(downloaded_at__isnull=True) | Q(first_viewed_at__isnull=False),
                name="summary_viewed_before_downloaded",
            ),
            models.CheckConstraint(
                condition=Q(email_sent_at__isnull=True) | Q(email_status="sent"), name="summary_email_sent_when_sent"
            ),
        ]

    def __str__(self):
        return f"Progress summary {self.pk}"
