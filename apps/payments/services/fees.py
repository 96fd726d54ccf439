"""Cancellations and no-shows: the terms a patient accepts, and the fees charged to a kept card."""

from datetime import datetime

from django.db import transaction

from apps.booking.models import Appointment, CancelledBy

from .. import stripe_client, tasks
from ..errors import CancellationQuoteChanged, CardDeclined
from ..models import OPEN_STATUSES, Payment, PaymentKind, PaymentLine, PaymentStatus, RefundKind, StripeCustomer
from ..selectors import (
    booking_line,
    cancellation_quote,
    cancellation_terms_for,
    consent_to_current_terms,
    no_show_fee_for,
    online_policy,
)
from .checkout import apply_intent
from .refunds import refund_automatically
from .steps import after_commit, lock_payment


def ensure_cancellation_terms_accepted(*, appointment: Appointment, accepted: dict | None, at: datetime) -> None:
    """A patient's cancellation that keeps money or charges a fee goes ahead only with the amounts the
    patient accepted (``refund_cents``, ``fee_cents`` of the quote they saw): the quote may have turned
    late since, or the policy changed. Otherwise 409 with the quote as it is now, nothing written."""
    terms = cancellation_terms_for(appointment, at=at, by_patient=True)
    costs_nothing = terms.fee_cents == 0 and terms.kept_cents == 0
    now_offered = {"refund_cents": terms.refund_cents, "fee_cents": terms.fee_cents}
    if costs_nothing or accepted == now_offered:
        return
    quote = cancellation_quote(appointment, at=at, by_patient=True)
    raise CancellationQuoteChanged(
        extra={
            "quote": {
                **now_offered,
                "paid_cents": terms.paid_cents,
                "kept_cents": terms.kept_cents,
                "currency": quote.currency,
                "message": quote.message,
            }
        }
    )


def appointment_cancellation_settle(*, appointment: Appointment, previous_status: str, at: datetime) -> None:
    """Apply the clinic's policy to a cancellation that just happened (booking's transaction, with the
    appointment locked): refund what the terms give back, and charge a fee beyond what was paid."""
    by_patient = appointment.cancelled_by == CancelledBy.PATIENT
    terms = cancellation_terms_for(appointment, at=at, by_patient=by_patient, status=previous_status)
    line = booking_line(appointment)
    if line is not None:
        payment = lock_payment(line.payment)
        if payment.status == PaymentStatus.SUCCEEDED:
            reason = "Cancelled inside the cancellation window." if terms.late else "Cancelled in time."
            refund_automatically(payment, line, RefundKind.POLICY, terms.refund_cents, reason)
        else:
            after_commit(tasks.reconcile_payment, payment.pk)
    if terms.fee_cents:
        _fee_create(appointment, PaymentKind.LATE_CANCELLATION_FEE, terms.fee_cents)


def appointment_no_show_charge(*, appointment: Appointment) -> None:
    """A missed appointment costs the policy's fee, less what was paid for it (which is kept)."""
    policy = online_policy(appointment.clinic)
    if policy is None:
        return
    fee = no_show_fee_for(appointment, policy)
    if fee:
        _fee_create(appointment, PaymentKind.NO_SHOW_FEE, fee)


def _fee_create(appointment: Appointment, kind: str, amount_cents: int) -> Payment:
    """A fee is a payment request the patient sees in the portal; a task first tries the card they
    agreed to keep for fees."""
    payment, created = Payment.objects.get_or_create(
        appointment=appointment,
        kind=kind,
        defaults={
            "clinic": appointment.clinic,
            "patient": appointment.patient,
            "amount_cents": amount_cents,
            "currency": appointment.service.currency,
        },
    )
    if created:
        PaymentLine.objects.create(payment=payment, appointment=appointment, amount_cents=amount_cents)
        after_commit(tasks.collect_fee, payment.pk)
    return payment


def fee_collect(*, payment: Payment) -> Payment:
    """Charge a fee to the saved card, off-session, once: only with the patient's recorded consent and
    a card kept under it. A declined card (or one whose bank wants the patient) leaves the fee as a
    payment request in the portal. Stripe is called with no row locked (its idempotency key makes a
    second run the same charge); the outcome is written under the lock."""
    payment = Payment.objects.select_related("clinic", "patient").get(pk=payment.pk)
    if not _fee_to_charge(payment):
        return payment
    consent = consent_to_current_terms(payment.patient, payment.clinic)
    # A card kept under the consent was saved to the patient's Stripe Customer: it exists by now.
    customer = StripeCustomer.objects.filter(patient=payment.patient).exclude(stripe_id="").first()
    if consent is None or not consent.payment_method_id or customer is None:
        return payment
    try:
        intent = stripe_client.payment_intent_charge_saved_card(
            payment_ref=str(payment.pk),
            amount_cents=payment.amount_cents,
            currency=payment.currency,
            customer_id=customer.stripe_id,
            payment_method_id=consent.payment_method_id,
        )
    except CardDeclined as declined:
        with transaction.atomic():
            payment = lock_payment(payment)
            if _fee_to_charge(payment):
                payment.off_session_failed = True
                payment.failure_message = declined.message[:500]
                payment.stripe_payment_intent_id = declined.intent_id
                payment.save()
        return payment
    with transaction.atomic():
        payment = lock_payment(payment)
        if payment.stripe_payment_intent_id in (None, "", intent.id):
            payment.stripe_payment_intent_id = intent.id
            payment.off_session = True
            apply_intent(payment, intent)
    return payment


def _fee_to_charge(payment: Payment) -> bool:
    """Still open, never sent to Stripe, and not already declined."""
    return payment.status in OPEN_STATUSES and not payment.stripe_payment_intent_id and not payment.off_session_failed
