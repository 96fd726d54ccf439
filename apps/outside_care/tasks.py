"""Thin Celery wrappers: each summary's e-mail is sent by its own task, queued when the summary is
committed; a frequent beat sweep queues again what is due and still pending (a lost message, a
crashed worker, a retry whose backoff has run out)."""

from celery import shared_task
from django.conf import settings

from apps.core import clock
from apps.core.outbox import SENDING_TASK_OPTIONS

from . import services
from .selectors import summary_emails_due


@shared_task(**SENDING_TASK_OPTIONS)
def deliver_summary_email(summary_id: str) -> str:
    """Idempotent: a summary already sent, or locked by another worker, is left alone."""
    return services.summary_email_deliver(summary_id=summary_id)


@shared_task(acks_late=True, ignore_result=True)
def dispatch_due_summary_emails() -> int:
    due = summary_emails_due(at=clock.now(), limit=settings.OUTSIDE_CARE_EMAIL_BATCH_SIZE)
    for summary_id in due:
        deliver_summary_email.delay(str(summary_id))
    return len(due)
