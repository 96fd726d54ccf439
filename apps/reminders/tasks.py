"""Thin Celery wrappers. The beat task claims due rows in batches; each claimed batch is sent by one task."""

from collections import Counter

from celery import shared_task
from django.conf import settings

from apps.core.outbox import SENDING_TASK_OPTIONS, claim_and_queue

from .delivery import notifications_claim_due, notifications_deliver


@shared_task(acks_late=True, ignore_result=True)
def dispatch_due_notifications() -> int:
    """Claim due messages in batches and hand each batch to a sending task once its claim is committed."""
    return claim_and_queue(
        claim_due=notifications_claim_due,
        send_task=send_notifications,
        batch_size=settings.NOTIFICATION_BATCH_SIZE,
        max_batches=settings.NOTIFICATION_MAX_BATCHES_PER_RUN,
    )


@shared_task(**SENDING_TASK_OPTIONS)
def send_notifications(notification_ids: list[str], claim_token: str) -> dict[str, int]:
    """Idempotent: a message already sent, or re-claimed by a later lease, is dropped (so a retry after
    a database error sends only what the first run had not recorded)."""
    outcomes = notifications_deliver(notification_ids=notification_ids, claim_token=claim_token)
    return dict(Counter(outcomes.values()))
