"""Stripe's webhook events: stored once, then handled by reading the truth back from Stripe."""

from django.db import transaction

from apps.core import clock

from .. import stripe_client, tasks
from ..models import Payment, Refund, StripeEvent
from .checkout import payment_reconcile
from .refunds import refund_sync
from .steps import after_commit


def stripe_event_record(*, event: stripe_client.WebhookEvent) -> StripeEvent:
    """Store a verified event once (by its Stripe id) and process it in a task after commit; a
    delivery of an event not yet processed enqueues it again (the task does it once)."""
    with transaction.atomic():
        stored, _ = StripeEvent.objects.get_or_create(
            stripe_id=event.id,
            defaults={
                "type": event.type,
                "object_id": event.object_id,
                "payload": event.payload,
                "received_at": clock.now(),
            },
        )
        if stored.processed_at is None:
            after_commit(tasks.process_stripe_event, stored.stripe_id)
    return stored


# The object of these events is a refund; of "charge.refunded" a charge (its refunds are re-read).
REFUND_EVENTS = ("refund.created", "refund.updated", "refund.failed", "charge.refund.updated")


def stripe_event_process(*, stripe_event_id: str) -> str:
    """Act on a stored event once: reconcile the payment or the refund it is about, read from Stripe.
    The handling calls Stripe, so it runs with no row locked; it is idempotent, so two deliveries
    handled at once end the same. The first to finish marks the event processed."""
    event = StripeEvent.objects.filter(stripe_id=stripe_event_id).first()
    if event is None or event.processed_at is not None:
        return event.outcome if event is not None else "unknown"
    outcome = _handle(event)
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().get(pk=event.pk)
        if event.processed_at is None:
            event.outcome, event.processed_at = outcome, clock.now()
            event.save(update_fields=["outcome", "processed_at"])
    return event.outcome


def _handle(event: StripeEvent) -> str:
    if event.type.startswith("payment_intent."):
        payment = Payment.objects.filter(stripe_payment_intent_id=event.object_id).first()
        if payment is None:
            return "ignored"
        payment_reconcile(payment=payment)
        return "handled"
    if event.type in REFUND_EVENTS:
        return "handled" if refund_sync(stripe_refund_id=event.object_id) is not None else "ignored"
    if event.type == "charge.refunded":
        intent_id = event.payload["data"]["object"].get("payment_intent")
        if not intent_id:
            return "ignored"
        known = Refund.objects.filter(payment__stripe_payment_intent_id=intent_id).values_list(
            "stripe_refund_id", flat=True
        )
        stripe_refund_ids = [stripe_refund_id for stripe_refund_id in known if stripe_refund_id]
        for stripe_refund_id in stripe_refund_ids:
            refund_sync(stripe_refund_id=stripe_refund_id)
        return "handled" if stripe_refund_ids else "ignored"
    return "ignored"
