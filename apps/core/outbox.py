"""What the Celery side of every outbox shares (reminders, webhooks, the outside care team's
e-mails): rows with a due time are claimed in batches by a frequent beat task, and each batch is sent
by one task, idempotent by its claim."""

from collections.abc import Callable
from functools import partial

from django.db import DatabaseError, transaction

# A sending task is acknowledged once it has run (a crashed worker's message comes back) and retried
# with backoff when the database fails it; its claim makes a second run send only what is left.
SENDING_TASK_OPTIONS = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "max_retries": 8,
}


def claim_and_queue(*, claim_due: Callable, send_task, batch_size: int, max_batches: int) -> int:
    """Claim due rows ``batch_size`` at a time (``claim_due(batch_size=)`` answers the claim's token
    and the ids), at most ``max_batches`` times, and queue ``send_task(ids, token)`` for each batch
    once its claim is committed. Answers how many rows were claimed."""
    claimed = 0
    for _ in range(max_batches):
        token, ids = claim_due(batch_size=batch_size)
        if ids:
            transaction.on_commit(partial(send_task.delay, [str(pk) for pk in ids], str(token)))
        claimed += len(ids)
        if len(ids) < batch_size:
            break
    return claimed
