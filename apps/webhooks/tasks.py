"""Thin Celery wrappers. The beat task claims due deliveries in batches; each claimed batch is sent by
one task, queued once its claim is committed."""

from collections import Counter

from celery import shared_task
from django.conf import settings

from apps.core.outbox import SENDING_TASK_OPTIONS, claim_and_queue

from .delivery import deliveries_claim_due, deliveries_send


@shared_task(acks_late=True, ignore_result=True)
def dispatch_due_webhooks() -> int:
    return claim_and_queue(
        claim_due=deliveries_claim_due,
        send_task=send_webhooks,
        batch_size=settings.WEBHOOK_BATCH_SIZE,
        max_batches=settings.WEBHOOK_MAX_BATCHES_PER_RUN,
    )


@shared_task(**SENDING_TASK_OPTIONS)
def send_webhooks(delivery_ids: list[str], claim_token: str) -> dict[str, int]:
    """Idempotent: a delivery already settled, or re-claimed by a later lease, is not sent again."""
    outcomes = deliveries_send(delivery_ids=delivery_ids, claim_token=claim_token)
    return dict(Counter(outcomes.values()))
