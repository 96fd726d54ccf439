"""Thin Celery wrappers. The beat task claims due rows; each claimed row is sent by its own task."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction

from .delivery import notification_deliver, notifications_claim_due


@shared_task(acks_late=True, ignore_result=True)
def dispatch_due_notifications() -> int:
    """Claim due messages in small batches and hand each to a sending task once the claim is committed."""
    claimed = 0
    for _ in range(settings.NOTIFICATION_MAX_BATCHES_PER_RUN):
        token, ids = notifications_claim_due(batch_size=settings.NOTIFICATION_BATCH_SIZE)
        for notification_id in ids:
            transaction.on_commit(lambda nid=notification_id, tok=token: send_notification.delay(str(nid), str(tok)))
        claimed += len(ids)
        if len(ids) < settings.NOTIFICATION_BATCH_SIZE:
            break
    return claimed


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def send_notification(notification_id: str, claim_token: str) -> str:
    """Idempotent: a message already sent, or re-claimed by a later lease, is dropped."""
    return notification_deliver(notification_id=notification_id, claim_token=claim_token)
