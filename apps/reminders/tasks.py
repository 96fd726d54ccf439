"""Thin Celery wrappers. The beat task claims due rows in batches; each claimed batch is sent by one task."""

from collections import Counter

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction

from .delivery import notifications_claim_due, notifications_deliver


@shared_task(acks_late=True, ignore_result=True)
def dispatch_due_notifications() -> int:
    """Claim due messages in batches and hand each batch to a sending task once its claim is committed."""
    claimed = 0
    for _ in range(settings.NOTIFICATION_MAX_BATCHES_PER_RUN):
        token, ids = notifications_claim_due(batch_size=settings.NOTIFICATION_BATCH_SIZE)
        if ids:
            batch = [str(pk) for pk in ids]
            transaction.on_commit(lambda batch=batch, token=str(token): send_notifications.delay(batch, token))
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
def send_notifications(notification_ids: list[str], claim_token: str) -> dict[str, int]:
    """Idempotent: a message already sent, or re-claimed by a later lease, is dropped (so a retry after
    a database error sends only what the first run had not recorded)."""
    outcomes = notifications_deliver(notification_ids=notification_ids, claim_token=claim_token)
    return dict(Counter(outcomes.values()))
