"""Refunds: by the policy, by staff with a reason, sent to Stripe and read back."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from apps.audit.models import AuditAction
from apps.booking.errors import IdempotencyKeyReused
from apps.core import clock

from .. import stripe_client, tasks
from ..errors import PaymentProviderRefused, RefundNotPossible
from ..models import AUTOMATIC_REFUND_KINDS, Payment, PaymentLine, Refund, RefundKind, RefundStatus
from ..policy import format_money
from ..selectors import refundable_cents
from .steps import after_commit, audit_payment_row, lock_payment

logger = logging.getLogger(__name__)

REFUND_STATUSES = {
    "pending": RefundStatus.PENDING,
    "requires_action": RefundStatus.PENDING,
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}
DASHBOARD_REASON = "Refunded by the clinic in Stripe."


def refund_automatically(payment: Payment, line: PaymentLine, kind: str, amount_cents: int, reason: str) -> None:
    """The portal's own refund for one appointment of a payment: once (a constraint says so), never
    more than is left to refund."""
    line.settled_at = line.settled_at or clock.now()
    line.save(update_fields=["settled_at"])
    amount = min(amount_cents, refundable_cents(payment))
    already = Refund.objects.filter(payment=payment, appointment=line.appointment_id, kind__in=AUTOMATIC_REFUND_KINDS)
    if amount <= 0 or already.exists():
        return
    refund = Refund.objects.create(
        payment=payment, kind=kind, appointment_id=line.appointment_id, amount_cents=amount, reason=reason
    )
    after_commit(tasks.execute_refund, refund.pk)


@dataclass(frozen=True)
class RefundResult:
    refund: Refund
    replayed: bool = False


@transaction.atomic
def refund_request(
    *, actor, payment: Payment, amount_cents: int | None, reason: str, idempotency_key: str
) -> RefundResult:
    """Staff give money back on a payment, with a reason (default: all that is left). The same
    ``idempotency_key`` again returns the first refund: a double submit refunds once."""
    payment = lock_payment(payment)
    previous = Refund.objects.filter(requested_by=actor, idempotency_key=idempotency_key).first()
    if previous is not None:
        if previous.payment_id != payment.pk or (amount_cents is not None and previous.amount_cents != amount_cents):
            raise IdempotencyKeyReused()
        return RefundResult(previous, replayed=True)
    left = refundable_cents(payment)
    if left <= 0:
        raise RefundNotPossible("There is nothing left to refund on this payment.", extra={"refundable_cents": left})
    amount = left if amount_cents is None else amount_cents
    if amount > left:
        message = f"At most {format_money(left, payment.currency)} is left to refund."
        raise RefundNotPossible(message, fields={"amount_cents": [message]}, extra={"refundable_cents": left})
    try:
        with transaction.atomic():
            refund = Refund.objects.create(
                payment=payment,
                kind=RefundKind.STAFF,
                amount_cents=amount,
                reason=reason,
                requested_by=actor,
                idempotency_key=idempotency_key,
            )
    except IntegrityError as error:
        raise IdempotencyKeyReused() from error
    audit_payment_row(actor, AuditAction.CREATE, refund, payment)
    after_commit(tasks.execute_refund, refund.pk)
    return RefundResult(refund)


def refund_execute(*, refund: Refund) -> Refund:
    """Send a recorded refund to Stripe (once: Stripe keys the request by the refund's id), or read back
    its outcome. Stripe is called with no row locked; its answer is written under the lock."""
    refund = Refund.objects.select_related("payment").get(pk=refund.pk)
    if refund.stripe_refund_id:
        result = stripe_client.refund_retrieve(refund.stripe_refund_id)
    elif refund.status != RefundStatus.PENDING:
        return refund
    elif refund.payment.stripe_payment_intent_id is None:
        return _refund_refused(refund, "The payment was never charged, so there is nothing to refund.")
    else:
        try:
            result = stripe_client.refund_create(
                refund_ref=str(refund.pk),
                intent_id=refund.payment.stripe_payment_intent_id,
                amount_cents=refund.amount_cents,
            )
        except PaymentProviderRefused as refused:
            return _refund_refused(refund, refused.message)
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        refund.stripe_refund_id = result.id
        _apply_refund(refund, result)
    return refund


def _refund_refused(refund: Refund, message: str) -> Refund:
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status == RefundStatus.PENDING and not refund.stripe_refund_id:
            refund.status = RefundStatus.FAILED
            refund.failure_message = message[:500]
            refund.save(update_fields=["status", "failure_message", "updated_at"])
            logger.warning("Refund %s was refused by Stripe", refund.pk)
    return refund


def _apply_refund(refund: Refund, result: stripe_client.StripeRefund) -> None:
    refund.status = REFUND_STATUSES.get(result.status, RefundStatus.PENDING)
    if refund.status == RefundStatus.SUCCEEDED and refund.refunded_at is None:
        refund.refunded_at = clock.now()
    refund.failure_message = result.failure_reason if refund.status == RefundStatus.FAILED else ""
    refund.save()


def refund_sync(*, stripe_refund_id: str) -> Refund | None:
    """A refund as Stripe has it now. One the portal made is matched by the id in its metadata; one
    made in Stripe's dashboard on a portal payment is recorded once, so patients see it too."""
    result = stripe_client.refund_retrieve(stripe_refund_id)
    with transaction.atomic():
        if result.refund_ref:
            refund = Refund.objects.select_for_update().filter(pk=result.refund_ref).first()
        else:
            refund = Refund.objects.select_for_update().filter(stripe_refund_id=result.id).first()
        if refund is None and not result.refund_ref:
            refund = _record_dashboard_refund(result)
        if refund is None:
            return None
        refund.stripe_refund_id = result.id
        _apply_refund(refund, result)
    return refund


def _record_dashboard_refund(result: stripe_client.StripeRefund) -> Refund | None:
    payment = Payment.objects.filter(stripe_payment_intent_id=result.payment_intent_id).first()
    if payment is None:
        return None
    payment = lock_payment(payment)
    refund, _ = Refund.objects.get_or_create(
        stripe_refund_id=result.id,
        defaults={
            "payment": payment,
            "kind": RefundKind.STAFF,
            "amount_cents": result.amount_cents,
            "reason": DASHBOARD_REASON,
        },
    )
    return refund
