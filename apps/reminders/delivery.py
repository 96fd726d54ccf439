"""Sending the outbox: claim what is due for a lease, then deliver each claimed message exactly once
(a message whose claim was taken over by a later lease is dropped)."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from apps.core import clock

from .channels import deliver
from .kinds import Channel, rules_for
from .models import Notification, Status
from .quiet_hours import quiet_until
from .relevance import still_relevant
from .selectors import preferences_for
from .services import channel_allowed

logger = logging.getLogger(__name__)


def notifications_claim_due(*, batch_size: int = 50) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """Claim up to ``batch_size`` due messages for one lease: pending ones whose time has come, and
    claimed ones whose lease ran out (their worker died). Concurrent claimers skip each other's rows."""
    now = clock.now()
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(Q(status=Status.PENDING, due_at__lte=now) | Q(status=Status.CLAIMED, claimed_until__lt=now))
            .order_by("due_at")
            .values_list("id", flat=True)[:batch_size]
        )
        Notification.objects.filter(id__in=ids).update(
            status=Status.CLAIMED,
            claim_token=token,
            claimed_until=now + timedelta(seconds=settings.NOTIFICATION_CLAIM_LEASE_SECONDS),
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    return token, ids


def _retry_delay(attempts: int) -> timedelta:
    seconds = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


def notification_deliver(*, notification_id, claim_token) -> str:
    """Send one claimed message. The row stays locked while it is sent, so two workers can never send
    it at once; a message whose claim was taken over (stale token) or already sent is dropped."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "recipient__patient_profile", "clinic")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != Status.CLAIMED:
            return "not_claimed"
        if str(notification.claim_token) != str(claim_token):
            return "stale_claim"
        return _deliver_claimed(notification)


def _deliver_claimed(notification: Notification) -> str:
    now = clock.now()
    prefs = preferences_for(notification.recipient)
    if not still_relevant(notification) or not channel_allowed(prefs, notification.channel, notification.kind):
        _finish(notification, Status.SKIPPED)
        return "skipped"
    if not rules_for(notification.kind).urgent and notification.channel != Channel.IN_APP:
        resume_at = quiet_until(
            now, start=prefs.quiet_hours_start, end=prefs.quiet_hours_end, zone=_recipient_zone(notification)
        )
        if resume_at is not None:
            notification.due_at = resume_at
            notification.attempts -= 1  # waiting out quiet hours is not a failed attempt
            _finish(notification, Status.PENDING)
            return "deferred"
    try:
        notification.provider_message_id = deliver(notification, prefs)
    except Exception as error:  # any channel failure: record it, back off, and end visibly as failed
        notification.last_error = f"{type(error).__name__}: {error}"[:300]
        if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            logger.warning("notification %s failed for good after %s attempts", notification.pk, notification.attempts)
            _finish(notification, Status.FAILED)
            return "failed"
        notification.due_at = now + _retry_delay(notification.attempts)
        _finish(notification, Status.PENDING)
        return "retry"
    notification.sent_at = now
    _finish(notification, Status.SENT)
    return "sent"


def _finish(notification: Notification, status: str) -> None:
    notification.status = status
    notification.claim_token = None
    notification.claimed_until = None
    notification.save()


def _recipient_zone(notification: Notification) -> str:
    profile = getattr(notification.recipient, "patient_profile", None)
    if profile is not None and profile.timezone:
        return profile.timezone
    return notification.clinic.timezone if notification.clinic else "UTC"
