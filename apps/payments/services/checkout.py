"""Payments at booking: what is due, the checkout in the browser, and reconciling with Stripe
(settling the bookings a payment holds, voiding one no longer wanted)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from apps.audit.models import AuditAction
from apps.booking.errors import HoldExpired
from apps.booking.models import Appointment, ServiceType
from apps.booking.models import AppointmentStatus as Status
from apps.booking.services.holds import appointment_confirm_paid
from apps.clinics.models import Clinic
from apps.core import clock

from .. import stripe_client, tasks
from ..errors import NothingToPay, PayAtClinic, PaymentProviderRefused, PaymentRequired
from ..models import OPEN_STATUSES, Payment, PaymentKind, PaymentLine, PaymentStatus, RefundKind
from ..policy import amount_due_at_booking, series_amounts
from ..selectors import active_card_consent, booking_line, consent_to_current_terms, online_policy
from .cards import card_consent_give, customer_id
from .refunds import refund_automatically
from .steps import after_commit, lock_payment, payment_audit

# Stripe's PaymentIntent statuses, as the portal shows them.
INTENT_STATUSES = {
    "requires_payment_method": PaymentStatus.REQUIRES_PAYMENT,
    "requires_confirmation": PaymentStatus.REQUIRES_PAYMENT,
    "requires_action": PaymentStatus.REQUIRES_PAYMENT,
    "requires_capture": PaymentStatus.PROCESSING,
    "processing": PaymentStatus.PROCESSING,
    "succeeded": PaymentStatus.SUCCEEDED,
    "canceled": PaymentStatus.CANCELED,
}
RELEASED_REASON = "The booking was released before the payment arrived, so the payment is refunded in full."


def amounts_due_at_booking(*, clinic: Clinic, service: ServiceType, sessions: int) -> list[int]:
    """What each appointment of a booking made by the patient online costs up front (empty in "pay
    at the clinic" mode, and for a service with nothing to pay)."""
    policy = online_policy(clinic)
    if policy is None:
        return []
    amounts = series_amounts(policy, service, sessions) if sessions > 1 else [amount_due_at_booking(policy, service)]
    return amounts if sum(amounts) > 0 else []


def booking_payment_create(*, appointments: Sequence[Appointment], series=None) -> Payment | None:
    """The payment a patient's held booking waits for: one appointment, or every session of a series
    (at the package price, split across the sessions), created with the booking."""
    first = appointments[0]
    if first.booked_by_id != first.patient_id or any(a.status != Status.HELD for a in appointments):
        return None
    amounts = amounts_due_at_booking(clinic=first.clinic, service=first.service, sessions=len(appointments))
    if not amounts:
        return None
    payment = Payment.objects.create(
        clinic=first.clinic,
        patient=first.patient,
        kind=PaymentKind.SERIES if series is not None else PaymentKind.BOOKING,
        appointment=None if series is not None else first,
        series=series,
        amount_cents=sum(amounts),
        currency=first.service.currency,
    )
    PaymentLine.objects.bulk_create(
        PaymentLine(payment=payment, appointment=appointment, amount_cents=amount)
        for appointment, amount in zip(appointments, amounts, strict=True)
    )
    return payment


def ensure_booking_paid(appointment: Appointment) -> None:
    """A hold that waits for a payment is confirmed by the payment, not by asking."""
    if not stripe_client.is_configured():
        return
    line = booking_line(appointment)
    if line is not None and line.payment.status != PaymentStatus.SUCCEEDED:
        raise PaymentRequired(extra={"payment": str(line.payment_id)})


@dataclass(frozen=True)
class Checkout:
    payment: Payment
    client_secret: str
    publishable_key: str


def payment_checkout(*, actor, payment: Payment, save_card: bool = False, consent_text_version: str = "") -> Checkout:
    """What the browser needs to pay ``payment`` with Stripe's Payment Element: the intent's client
    secret (the intent is made once, whatever the number of requests) and the publishable key. With
    ``save_card``, the patient's consent to keep the card for fees is recorded first.

    Stripe is called with no row locked: the checks (and the consent) are committed first, the intent
    is read or made, and what it says is written under the locks after. Racing checkouts ask Stripe
    with the same idempotency key and so get one intent; should one come back with another (a Stripe
    without idempotency, as the test fake), the later one cancels it and answers with the first."""
    if online_policy(payment.clinic) is None:
        raise PayAtClinic()
    with transaction.atomic():
        payment = _open_for_checkout(payment, actor=actor, save_card=save_card, text_version=consent_text_version)
    intent = _intent_for_checkout(payment)
    with transaction.atomic():
        payment = _lock_for_settlement(payment)
        if not payment.stripe_payment_intent_id:
            payment.stripe_payment_intent_id = intent.id
        duplicate = payment.stripe_payment_intent_id != intent.id
        if not duplicate:
            _apply_intent_read_before_the_lock(payment, intent)
            if payment.pays_for_bookings and payment.status == PaymentStatus.SUCCEEDED:
                _settle_bookings(payment)
            payment_audit(actor=actor, action=AuditAction.UPDATE, payment=payment)
    if duplicate:
        stripe_client.payment_intent_cancel(intent_id=intent.id)
        return payment_checkout(actor=actor, payment=payment)
    return Checkout(payment, intent.client_secret, settings.STRIPE_PUBLISHABLE_KEY)


def _open_for_checkout(payment: Payment, *, actor, save_card: bool, text_version: str) -> Payment:
    """The payment, locked, if it can still be paid; the consent to keep the card recorded first, and
    whether its intent is to save the card decided with it."""
    payment = _lock_for_settlement(payment)
    if payment.status not in OPEN_STATUSES:
        raise NothingToPay(f"This payment is {payment.get_status_display().lower()}.", extra={"status": payment.status})
    if payment.pays_for_bookings:
        _ensure_still_held(payment)
    if save_card:
        card_consent_give(actor=actor, patient=payment.patient, clinic=payment.clinic, text_version=text_version)
    if not payment.stripe_payment_intent_id:
        payment.saves_card = consent_to_current_terms(payment.patient, payment.clinic) is not None
        payment.save(update_fields=["saves_card", "updated_at"])
    return payment


def _intent_for_checkout(payment: Payment) -> stripe_client.Intent:
    """The payment's intent as Stripe has it, made (with the patient's customer) on the first checkout."""
    if payment.stripe_payment_intent_id:
        return stripe_client.payment_intent_retrieve(payment.stripe_payment_intent_id)
    return stripe_client.payment_intent_create(
        payment_ref=str(payment.pk),
        amount_cents=payment.amount_cents,
        currency=payment.currency,
        customer_id=customer_id(payment.patient),
        save_card=payment.saves_card,
    )


def _ensure_still_held(payment: Payment) -> None:
    at = clock.now()
    for line in payment.lines.select_related("appointment"):
        appointment = line.appointment
        if appointment.status != Status.HELD or appointment.hold_lapsed(at):
            raise HoldExpired()


def _lock_for_settlement(payment: Payment) -> Payment:
    """Lock the payment's appointments (by id), then the payment: the order booking uses."""
    appointment_ids = payment.lines.values_list("appointment_id", flat=True)
    list(Appointment.objects.select_for_update().filter(pk__in=appointment_ids).order_by("pk").values_list("pk"))
    return lock_payment(payment)


def apply_intent(payment: Payment, intent: stripe_client.Intent) -> None:
    """Bring the payment in line with its intent as Stripe has it now."""
    payment.status = INTENT_STATUSES[intent.status]
    if payment.status == PaymentStatus.SUCCEEDED and payment.paid_at is None:
        payment.paid_at = clock.now()
    payment.card_brand = intent.card_brand or payment.card_brand
    payment.card_last4 = intent.card_last4 or payment.card_last4
    payment.receipt_url = intent.receipt_url or payment.receipt_url
    payment.failure_message = intent.failure_message if payment.status == PaymentStatus.REQUIRES_PAYMENT else ""
    payment.save()
    if payment.status == PaymentStatus.SUCCEEDED and payment.saves_card and intent.payment_method_id:
        _keep_card(payment, intent)


def _keep_card(payment: Payment, intent: stripe_client.Intent) -> None:
    """The card a payment made with consent is the one later fees go to."""
    consent = active_card_consent(payment.patient, payment.clinic)
    if consent is None or not intent.payment_method_id or consent.payment_method_id == intent.payment_method_id:
        return
    consent.payment_method_id = intent.payment_method_id
    consent.card_brand, consent.card_last4 = intent.card_brand, intent.card_last4
    consent.save(update_fields=["payment_method_id", "card_brand", "card_last4", "updated_at"])


def payment_reconcile(*, payment: Payment) -> Payment:
    """Read the payment's intent from Stripe and act on it, idempotently and whatever the order of
    events: a paid hold is confirmed; a booking that is gone (released, cancelled) is refunded in full
    if it was paid after all, or its unpaid intent is cancelled. Stripe is called with no row locked."""
    intent = _intent_of(payment)
    with transaction.atomic():
        payment = _lock_for_settlement(payment)
        if intent is not None and intent.id == payment.stripe_payment_intent_id:
            _apply_intent_read_before_the_lock(payment, intent)
        needs_void = payment.pays_for_bookings and _settle_bookings(payment)
    if needs_void:
        _void(payment)
    return payment


def _intent_of(payment: Payment) -> stripe_client.Intent | None:
    intent_id = Payment.objects.filter(pk=payment.pk).values_list("stripe_payment_intent_id", flat=True).first()
    return stripe_client.payment_intent_retrieve(intent_id) if intent_id else None


def _apply_intent_read_before_the_lock(payment: Payment, intent: stripe_client.Intent) -> None:
    """A payment that is settled (paid or cancelled) stays so: an intent read before a concurrent
    update may be older than what that update applied."""
    if payment.status in OPEN_STATUSES or INTENT_STATUSES[intent.status] not in OPEN_STATUSES:
        apply_intent(payment, intent)


def _settle_bookings(payment: Payment) -> bool:
    """Bring the bookings in line with a paid payment (confirm the holds, refund the cancelled ones).
    True when the payment is still open for a booking that is gone: its intent is to be cancelled."""
    lines = list(payment.lines.select_related("appointment"))
    if payment.status == PaymentStatus.SUCCEEDED:
        for line in lines:
            if line.appointment.status == Status.HELD:
                appointment_confirm_paid(appointment=line.appointment)
            if line.appointment.status == Status.CANCELLED and line.settled_at is None:
                refund_automatically(payment, line, RefundKind.RELEASED, line.amount_cents, RELEASED_REASON)
        return False
    return payment.status in OPEN_STATUSES and any(line.appointment.status == Status.CANCELLED for line in lines)


def _void(payment: Payment) -> None:
    """Nothing will be bought with this payment any more: cancel its intent (if it was ever made). If
    Stripe refuses because the intent was paid in the meantime, the payment is settled as paid. Stripe
    is called first, with no row locked; the outcome is written under the lock."""
    intent_id = payment.stripe_payment_intent_id
    intent = None
    if intent_id:
        try:
            intent = stripe_client.payment_intent_cancel(intent_id=intent_id)
        except PaymentProviderRefused:
            intent = stripe_client.payment_intent_retrieve(intent_id)
    with transaction.atomic():
        payment = _lock_for_settlement(payment)
        if payment.stripe_payment_intent_id != intent_id:
            # A checkout made the intent meanwhile: cancel that one, in a task of its own.
            after_commit(tasks.reconcile_payment, payment.pk)
        elif intent is not None:
            _apply_intent_read_before_the_lock(payment, intent)
            if payment.status == PaymentStatus.SUCCEEDED:
                _settle_bookings(payment)
        elif payment.status in OPEN_STATUSES:
            payment.status = PaymentStatus.CANCELED
            payment.save(update_fields=["status", "updated_at"])


def payments_reconcile_released(*, appointments: Sequence[Appointment]) -> None:
    """Holds were released: their open payments are reconciled after commit (cancelling the intents,
    or refunding one that was paid at the last moment)."""
    payment_ids = (
        PaymentLine.objects.filter(appointment__in=appointments, payment__status__in=OPEN_STATUSES)
        .values_list("payment_id", flat=True)
        .distinct()
    )
    for payment_id in payment_ids:
        after_commit(tasks.reconcile_payment, payment_id)
