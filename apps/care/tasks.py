"""Thin Celery wrappers around care services. Idempotent: a notification is e-mailed at most once."""

from celery import shared_task

from .services import staff_notification_emails_send


@shared_task(acks_late=True)
def send_staff_notification_emails(notification_ids: list[int]) -> int:
    return staff_notification_emails_send(notification_ids=notification_ids)


@shared_task(acks_late=True)
def send_pending_staff_notification_emails() -> int:
    """The sweep: whatever the on-commit task could not send (broker or mail server down)."""
    return staff_notification_emails_send()
