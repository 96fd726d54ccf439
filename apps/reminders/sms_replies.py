"""What comes back from the SMS provider: replies to the portal's number (the carriers' keywords) and
the status of each text sent. Both arrive as signed webhooks (``api/sms_webhooks.py``); the text of a
reply is read for its keyword and never stored or logged."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

from apps.core.hooks import Hook

from .models import Notification, NotificationPreference

# The keywords carriers and the CTIA handbook define (case and surrounding spaces ignored).
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
START_WORDS = {"START", "UNSTOP", "YES", "OPTIN"}
HELP_WORDS = {"HELP", "INFO"}

# Neutral by design: the number's owner and the treatment are nobody else's business.
STOP_REPLY = "You will get no more texts from this number. Reply START to get them again."
START_REPLY = "Texts from this number are on again. Reply STOP to stop them, HELP for help."
HELP_REPLY = (
    "Appointment messages from your care portal. For help, sign in to the portal or call your clinic. "
    "Reply STOP to stop texts."
)
NOT_READ_REPLY = "This number does not read replies. Please use the portal or call your clinic."

# What the apps that ask patients a question by text make of a reply that is no keyword (booking: the
# ride-home question): ``read(patient_ids=, body=, at=)`` answers with the text to send back,
# or None when the reply is not for it.
reply_readers: Hook[Callable[..., str | None]] = Hook("reminders.sms_reply_readers")

# How far along a text is; a callback never moves a message back (they may arrive out of order).
DELIVERY_ORDER = {"accepted": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 4, "undelivered": 4, "failed": 4}


@transaction.atomic
def sms_reply_handle(*, from_number: str, body: str, at: datetime) -> str:
    """Act on a reply for every account that texts to ``from_number``: a carrier keyword, or an answer
    one of the ``reply_readers`` understands; return the answer to send back."""
    keyword = body.strip().upper()
    prefs = NotificationPreference.objects.select_for_update().filter(sms_number=from_number)
    if keyword in STOP_WORDS:
        prefs.filter(sms_enabled=True).update(sms_enabled=False, sms_stopped_at=at, updated_at=at)
        return STOP_REPLY
    if keyword in START_WORDS:
        prefs.filter(sms_stopped_at__isnull=False).update(sms_enabled=True, sms_stopped_at=None, updated_at=at)
        return START_REPLY
    if keyword in HELP_WORDS:
        return HELP_REPLY
    patient_ids = list(prefs.filter(sms_enabled=True).values_list("user_id", flat=True))
    for read in reply_readers.all():
        answer = read(patient_ids=patient_ids, body=body, at=at)
        if answer:
            return answer
    return NOT_READ_REPLY


@transaction.atomic
def sms_delivery_status_record(*, provider_message_id: str, status: str, at: datetime) -> bool:
    """Record what the provider says became of a text; a replayed or stale callback changes nothing.
    Whether a message of the portal's was found."""
    notification = (
        Notification.objects.select_for_update().filter(provider_message_id=provider_message_id).first()
        if provider_message_id
        else None
    )
    if notification is None:
        return False
    before = DELIVERY_ORDER.get(notification.delivery_status, -1)
    if DELIVERY_ORDER.get(status, -1) > before:
        notification.delivery_status, notification.delivery_status_at = status, at
        notification.save(update_fields=["delivery_status", "delivery_status_at"])
    return True
