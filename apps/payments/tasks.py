"""Thin Celery wrappers around the payments services, enqueued on commit. Each is idempotent (the
services lock their row and check what is already done) and is retried while Stripe or the database is
briefly unavailable; Stripe sees the same idempotency key on every retry."""

from celery import shared_task
from django.db import DatabaseError

from . import services
from .errors import PaymentsUnavailable
from .models import Payment, Refund
from .pending import pending_money_steps

RETRY = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": (PaymentsUnavailable, DatabaseError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "max_retries": 8,
}


@shared_task(**RETRY)
def process_stripe_event(stripe_event_id: str) -> str:
    return services.stripe_events.stripe_event_process(stripe_event_id=stripe_event_id)


@shared_task(**RETRY)
def reconcile_payment(payment_id: str) -> str:
    payment = Payment.objects.filter(pk=payment_id).first()
    return services.checkout.payment_reconcile(payment=payment).status if payment is not None else "unknown"


@shared_task(**RETRY)
def execute_refund(refund_id: str) -> str:
    refund = Refund.objects.filter(pk=refund_id).first()
    return services.refunds.refund_execute(refund=refund).status if refund is not None else "unknown"


@shared_task(**RETRY)
def collect_fee(payment_id: str) -> str:
    payment = Payment.objects.filter(pk=payment_id).first()
    return services.fees.fee_collect(payment=payment).status if payment is not None else "unknown"


@shared_task(ignore_result=True)
def sweep_pending_money_steps() -> dict[str, int]:
    """Queue again every money step whose own message never ran (see ``pending.py``)."""
    steps = pending_money_steps()
    for refund_id in steps.refunds:
        execute_refund.delay(refund_id)
    for payment_id in steps.fees:
        collect_fee.delay(payment_id)
    for payment_id in steps.reconciliations:
        reconcile_payment.delay(payment_id)
    for stripe_event_id in steps.stripe_events:
        process_stripe_event.delay(stripe_event_id)
    return {name: len(ids) for name, ids in vars(steps).items()}
