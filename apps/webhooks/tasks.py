"""Thin Celery wrappers. The beat task claims due deliveries in batches; each claimed batch is sent by
one task, queued once its claim is committed."""

from collections import Counter

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction

from .delivery import deliveries_claim_due, deliveries_send


@shared_task(acks_late=True, ignore_result=True)
def dispatch_due_webhooks() -> int:
    claimed = 0
    for _ in range(settings.WEBHOOK_MAX_BATCHES_PER_RUN):
        token, ids = deliveries_claim_due(batch_size=settings.WEBHOOK_BATCH_SIZE)
        if ids:
            batch = [str(pk) for pk in ids]
            transaction.on_commit(lambda batch=batch, token=str(token): send_webhooks.delay(batch, token))
        claimed += len(ids)
        if len(ids) < settings.WEBHOOK_BATCH_SIZE:
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
def send_webhooks(delivery_ids: list[str], claim_token: str) -> dict[str, int]:
    """Idempotent: a delivery already settled, or re-claimed by a later lease, is not sent again."""
    outcomes = deliveries_send(delivery_ids=delivery_ids, claim_token=claim_token)
    return dict(Counter(outcomes.values()))
