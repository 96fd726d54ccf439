"""Writes of the notification outbox: plan and cancel messages, and the recipient's choices."""

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.db import transaction

from apps.core import clock
from apps.core.exceptions import ApplicationError

from .kinds import Channel, OutboxKind, rules_for
from .models import Notification, NotificationPreference, PhoneVerification, Status
from .selectors import preferences_for


def channel_allowed(prefs: NotificationPreference, channel: str, kind: str) -> bool:
    rules = rules_for(kind)
    if channel not in rules.channels:
        return False
    if not rules.essential and kind in prefs.unsubscribed_kinds:
        return False
    if channel == Channel.EMAIL:
        return prefs.email_enabled or rules.essential
    if channel == Channel.SMS:
        return prefs.sms_ready or kind == OutboxKind.PHONE_VERIFICATION
    return True


@dataclass(frozen=True)
class Message:
    """One message to plan: what, when, the values its templates show, what it is about (used to
    cancel or re-plan it) and at which ``revision`` of that thing."""

    kind: str
    due_at: datetime
    context: dict = field(default_factory=dict)
    concerns: tuple[str, str] = ("", "")
    revision: str = ""

    def idempotency_key(self, recipient, channel: str) -> str:
        concerns_type, concerns_id = self.concerns
        when = self.due_at.isoformat()
        return f"{self.kind}:{channel}:{recipient.pk}:{concerns_type}:{concerns_id}:{self.revision}:{when}"


def notifications_plan(*, recipient, messages: Sequence[Message], clinic=None) -> list[Notification]:
    """Plan each message on every channel the recipient allows, in one insert, and return the rows
    asked for. Planning the same thing twice creates nothing new: the idempotency key is what, about
    what, on which channel, when, and at which revision of the thing (so a reminder planned again
    after a change is a new message, not the cancelled one); a row planned before stays as it was."""
    prefs = preferences_for(recipient)
    rows = [
        _outbox_row(recipient, message, channel, clinic=clinic)
        for message in messages
        for channel in rules_for(message.kind).channels
        if channel_allowed(prefs, channel, message.kind)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def notification_schedule(
    *,
    recipient,
    kind: str,
    due_at: datetime,
    concerns: tuple[str, str] = ("", ""),
    context: dict | None = None,
    clinic=None,
    revision: str = "",
) -> list[Notification]:
    """``notifications_plan`` for one message."""
    message = Message(kind, due_at, context or {}, concerns=concerns, revision=revision)
    return notifications_plan(recipient=recipient, messages=[message], clinic=clinic)


def _outbox_row(recipient, message: Message, channel: str, *, clinic) -> Notification:
    concerns_type, concerns_id = message.concerns
    return Notification(
        idempotency_key=message.idempotency_key(recipient, channel),
        recipient=recipient,
        clinic=clinic,
        kind=message.kind,
        channel=channel,
        due_at=message.due_at,
        concerns_type=concerns_type,
        concerns_id=str(concerns_id),
        context=message.context,
        message_id=make_msgid(idstring=uuid.uuid4().hex[:12], domain=settings.NOTIFICATION_MESSAGE_DOMAIN),
    )


def notifications_cancel(*, concerns: tuple[str, str], kinds: Sequence[str] | None = None) -> int:
    """Cancel what is still waiting about ``concerns`` (a claimed message re-checks its reason itself)."""
    pending = Notification.objects.filter(
        concerns_type=concerns[0], concerns_id=str(concerns[1]), status=Status.PENDING
    )
    if kinds:
        pending = pending.filter(kind__in=kinds)
    return pending.update(status=Status.CANCELLED, updated_at=clock.now())


def notification_resend(*, notification: Notification) -> Notification:
    """Staff asked to try a failed message again, now."""
    notification.status = Status.PENDING
    notification.attempts = 0
    notification.last_error = ""
    notification.due_at = clock.now()
    notification.save()
    return notification


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def preferences_update(*, user, **changes) -> NotificationPreference:
    prefs = _stored_preferences(user)
    if "sms_number" in changes and changes["sms_number"] != prefs.sms_number:
        prefs.sms_verified_at = None
    for name, value in changes.items():
        setattr(prefs, name, value)
    prefs.full_clean()
    prefs.save()
    return prefs


def unsubscribe(*, user, kind: str) -> NotificationPreference:
    prefs = _stored_preferences(user)
    if not rules_for(kind).essential and kind not in prefs.unsubscribed_kinds:
        prefs.unsubscribed_kinds = [*prefs.unsubscribed_kinds, kind]
        prefs.save(update_fields=["unsubscribed_kinds", "updated_at"])
    return prefs


def _stored_preferences(user) -> NotificationPreference:
    prefs, _ = NotificationPreference.objects.get_or_create(user=user)
    user.notification_prefs = prefs  # what the rest of the request reads (``preferences_for``) is this row
    return prefs


class VerificationFailed(ApplicationError):
    code = "verification_failed"
    default_message = "That code is not right or has expired. Ask for a new one."


def _code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def phone_verification_start(*, user, number) -> PhoneVerification:
    """Text a six-digit code to ``number``; confirming it turns text messages on."""
    code = f"{secrets.randbelow(10**6):06d}"
    now = clock.now()
    verification = PhoneVerification.objects.create(
        user=user,
        number=number,
        code_hash=_code_hash(code),
        expires_at=now + timedelta(minutes=10),
    )
    notification_schedule(
        recipient=user,
        kind="phone_verification",
        due_at=now,
        concerns=("reminders.phoneverification", str(verification.pk)),
        context={"code": code, "sms_to": str(number)},
    )
    return verification


def phone_verification_confirm(*, user, code: str) -> NotificationPreference:
    with transaction.atomic():
        verification = (
            PhoneVerification.objects.select_for_update()
            .filter(user=user, verified_at__isnull=True, expires_at__gt=clock.now())
            .order_by("-created_at")
            .first()
        )
        if verification is None or verification.attempts >= settings.PHONE_VERIFICATION_MAX_ATTEMPTS:
            error = VerificationFailed()
        elif not hmac.compare_digest(verification.code_hash, _code_hash(code.strip())):
            # Counted in its own committed transaction: guessing is limited even though we refuse.
            verification.attempts += 1
            verification.save(update_fields=["attempts", "updated_at"])
            error = VerificationFailed("That code is not right.", fields={"code": ["That code is not right."]})
        else:
            return _sms_turn_on(user=user, verification=verification)
    raise error


def _sms_turn_on(*, user, verification: PhoneVerification) -> NotificationPreference:
    verification.verified_at = clock.now()
    verification.save(update_fields=["verified_at", "updated_at"])
    prefs = _stored_preferences(user)
    prefs.sms_number = verification.number
    prefs.sms_verified_at = verification.verified_at
    prefs.sms_enabled = True
    prefs.save()
    return prefs
