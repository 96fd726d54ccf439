from celery import shared_task

from .services.holds import appointment_holds_expire


@shared_task(acks_late=True)
def expire_stale_holds() -> int:
    """Run every minute by beat; safe to run twice at once (SKIP LOCKED) or to repeat."""
    return appointment_holds_expire()
