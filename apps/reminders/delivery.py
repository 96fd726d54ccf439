"""Sending the outbox: claim what is due for a lease, then deliver a claimed batch, each message
exactly once (a message whose claim was taken over by a later lease is dropped).

A batch is read in a fixed number of queries: its rows with recipients and clinics, the recipients'
choices, one relevance query per kind of reason. Each e-mail or text is then marked sent in its own
short transaction, which holds the row's lock while the message goes and commits before the next one:
a worker that dies mid-batch has recorded everything it sent, so only the message in flight can go
twice (marking the whole batch in one UPDATE after sending would make a crash send all of it again).
What sends nothing outside (skipped, deferred, in the portal, failed) is written in one UPDATE at the end."""

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from apps.core import clock

from .channels import deliver
from .kinds import Channel, rules_for
from .models import Notification, NotificationPreference, Status
from .quiet_hours import quiet_until
from .relevance import relevant_ids
from .services import channel_allowed

logger = logging.getLogger(__name__)

# The one statement per e-mail or text, the outbox's hottest: written out, it costs the worker a third
# of the CPU of a queryset update, which builds and compiles the same SQL again for every message.
# A claim's token is cleared whenever its row is settled, so the token alone says "still claimed by
# this lease"; a status condition would also let the planner scan the partial index of every claimed
# row instead of the primary key (all of a burst is claimed at once).
MARK_SENT = (
    "UPDATE reminders_notification SET status = %s, sent_at = %s, claim_token = NULL,"
    " claimed_until = NULL, updated_at = %s WHERE id = %s AND claim_token = %s"
)
# What a batch writes for a message that was not sent outside the portal.
SETTLED_FIELDS = ["status", "claim_token", "claimed_until", "due_at", "attempts", "last_error", "sent_at", "updated_at"]


def notifications_claim_due(*, batch_size: int = 50) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """Claim up to ``batch_size`` due messages for one lease: claimed ones whose lease ran out (their
    worker died) first, then pending ones whose time has come, oldest first. Concurrent claimers skip
    each other's rows. Two queries, so that each walks its own partial index in order and stops at
    ``batch_size``: one query with OR sorted every due row again for each batch of a burst."""
    now = clock.now()
    token = uuid.uuid4()
    claimable = Notification.objects.select_for_update(skip_locked=True)
    with transaction.atomic():
        lapsed = claimable.filter(status=Status.CLAIMED, claimed_until__lt=now).order_by("claimed_until")
        ids = list(lapsed.values_list("id", flat=True)[:batch_size])
        due = claimable.filter(status=Status.PENDING, due_at__lte=now).order_by("due_at")
        ids += due.values_list("id", flat=True)[: batch_size - len(ids)]
        Notification.objects.filter(id__in=ids).update(
            status=Status.CLAIMED,
            claim_token=token,
            claimed_until=now + timedelta(seconds=settings.NOTIFICATION_CLAIM_LEASE_SECONDS),
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    return token, ids


def notifications_deliver(*, notification_ids: Iterable, claim_token) -> dict[uuid.UUID, str]:
    """Deliver a claimed batch; return each message's outcome by id. A message no longer claimed by
    ``claim_token`` (sent already, or its lease taken over) is dropped; a failure is its message's own."""
    token = uuid.UUID(str(claim_token))
    outcomes, claimed = _claimed_rows(notification_ids, token)
    choices = _preferences_of(claimed)
    relevant = relevant_ids(claimed)
    now = clock.now()
    for notification in claimed:
        outcomes[notification.pk] = _deliver_claimed(notification, choices, relevant, token, now)
    # E-mails and texts wrote their rows as they went; every other outcome is written here, at once.
    settled = [
        each for each in claimed if each.channel == Channel.IN_APP or outcomes[each.pk] not in ("sent", "stale_claim")
    ]
    if settled:
        Notification.objects.filter(claim_token=token).bulk_update(settled, SETTLED_FIELDS)
    return outcomes


def _claimed_rows(notification_ids: Iterable, token: uuid.UUID) -> tuple[dict, list[Notification]]:
    """Each row's claim state by id, and the rows still claimed by ``token`` (with what sending needs)."""
    rows = Notification.objects.select_related("recipient", "recipient__patient_profile", "clinic")
    states = {}
    claimed = []
    for notification in rows.filter(pk__in=list(notification_ids)):
        if notification.status != Status.CLAIMED:
            states[notification.pk] = "not_claimed"
        elif notification.claim_token != token:
            states[notification.pk] = "stale_claim"
        else:
            claimed.append(notification)
    return states, claimed


def _preferences_of(notifications: list[Notification]) -> dict:
    """Each recipient's stored choices by user id, or the defaults (unsaved) for someone who never
    changed them (``selectors.preferences_for``, for a batch)."""
    recipients = {notification.recipient_id: notification.recipient for notification in notifications}
    stored = {prefs.user_id: prefs for prefs in NotificationPreference.objects.filter(user_id__in=recipients)}
    return {pk: stored.get(pk) or NotificationPreference(user=user) for pk, user in recipients.items()}


def _deliver_claimed(notification: Notification, choices: dict, relevant: set, token, now: datetime) -> str:
    prefs = choices[notification.recipient_id]
    if notification.pk not in relevant or not channel_allowed(prefs, notification.channel, notification.kind):
        _settle(notification, Status.SKIPPED, now)
        return "skipped"
    resume_at = _quiet_hours_end(notification, prefs, now)
    if resume_at is not None:
        notification.due_at = resume_at
        notification.attempts -= 1  # waiting out quiet hours is not a failed attempt
        _settle(notification, Status.PENDING, now)
        return "deferred"
    if notification.channel == Channel.IN_APP:
        # Delivered by being marked sent (the portal lists it from then on): nothing leaves the portal.
        notification.sent_at = now
        _settle(notification, Status.SENT, now)
        return "sent"
    return _send(notification, prefs, token, now)


def _quiet_hours_end(notification: Notification, prefs: NotificationPreference, now: datetime) -> datetime | None:
    if rules_for(notification.kind).urgent or notification.channel == Channel.IN_APP:
        return None
    zone = _recipient_zone(notification)
    return quiet_until(now, start=prefs.quiet_hours_start, end=prefs.quiet_hours_end, zone=zone)


def _send(notification: Notification, prefs: NotificationPreference, token, now: datetime) -> str:
    """Mark the row sent and send the message in one transaction: the UPDATE locks the row, so no claimer
    can take it while it goes, and a send that fails rolls the mark back."""
    with transaction.atomic():
        if not _mark_sent(notification, token, now):
            return "stale_claim"
        try:
            provider_message_id = deliver(notification, prefs)
        except Exception as error:  # any channel failure: record it, back off, and end visibly as failed
            transaction.set_rollback(True)
            return _failed(notification, error, now)
        if provider_message_id:
            Notification.objects.filter(pk=notification.pk).update(provider_message_id=provider_message_id)
    return "sent"


def _mark_sent(notification: Notification, token: uuid.UUID, now: datetime) -> bool:
    """Mark the row sent if it is still claimed by ``token`` (the UPDATE takes the row's lock)."""
    field = Notification._meta.get_field
    at = field("sent_at").get_db_prep_value(now, connection)
    row = field("id").get_db_prep_value(notification.pk, connection)
    claim = field("claim_token").get_db_prep_value(token, connection)
    with connection.cursor() as cursor:
        cursor.execute(MARK_SENT, [Status.SENT.value, at, at, row, claim])
        return cursor.rowcount == 1


def _failed(notification: Notification, error: Exception, now: datetime) -> str:
    notification.last_error = f"{type(error).__name__}: {error}"[:300]
    if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        logger.warning("notification %s failed for good after %s attempts", notification.pk, notification.attempts)
        _settle(notification, Status.FAILED, now)
        return "failed"
    notification.due_at = now + _retry_delay(notification.attempts)
    _settle(notification, Status.PENDING, now)
    return "retry"


def _retry_delay(attempts: int) -> timedelta:
    seconds = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


def _settle(notification: Notification, status: str, now: datetime) -> None:
    """The outcome in memory; the batch writes all of them at once (``SETTLED_FIELDS``)."""
    notification.status = status
    notification.claim_token = None
    notification.claimed_until = None
    notification.updated_at = now


def _recipient_zone(notification: Notification) -> str:
    profile = getattr(notification.recipient, "patient_profile", None)
    if profile is not None and profile.timezone:
        return profile.timezone
    return notification.clinic.timezone if notification.clinic else "UTC"
