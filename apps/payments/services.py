"""Writes of the payments app: policies, customers and card-on-file consent, payments at booking and
their reconciliation with Stripe, refunds and fees, and webhook events.

Money moves in two steps. The database transaction that decides it (a cancellation, a no-show, a
staff refund) records what is owed; a task enqueued on commit then makes the Stripe call, with an
idempotency key derived from that row, and records the outcome. A retried task, a webhook delivered
twice or a double click therefore reach Stripe as one request. A payment's state is always read back
from Stripe (``payment_reconcile``), never taken from a webhook's snapshot.

Locks are always taken appointments first, then the payment (booking locks the appointment before it
calls in here), so that a cancellation and a reconciliation never wait on each other in a circle."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from apps.audit.context import client_ip
from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.booking.errors import HoldExpired, IdempotencyKeyReused
from apps.booking.models import Appointment, AppointmentStatus, CancelledBy, ServiceType
from apps.booking.services.holds import appointment_confirm_paid
from apps.clinics.models import Clinic
from apps.core import clock

from . import stripe_client, tasks
from .errors import (
    CancellationQuoteChanged,
    CardDeclined,
    ConsentTextChanged,
    NothingToPay,
    PayAtClinic,
    PaymentProviderRefused,
    PaymentRequired,
    PolicyInvalid,
    RefundNotPossible,
)
from .models import (
    AUTOMATIC_REFUND_KINDS,
    OPEN_STATUSES,
    CardOnFileConsent,
    Payment,
    PaymentKind,
    PaymentLine,
    PaymentPolicy,
    PaymentStatus,
    Refund,
    RefundKind,
    RefundStatus,
    StripeCustomer,
    StripeEvent,
)
from .policy import amount_due_at_booking, card_on_file_terms, format_money, series_amounts
from .selectors import (
    active_card_consent,
    booking_line,
    cancellation_quote,
    cancellation_terms_for,
    consent_to_current_terms,
    no_show_fee_for,
    online_policy,
    refundable_cents,
)

logger = logging.getLogger(__name__)

Status = AppointmentStatus

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
REFUND_STATUSES = {
    "pending": RefundStatus.PENDING,
    "requires_action": RefundStatus.PENDING,
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}
RELEASED_REASON = "The booking was released before the payment arrived, so the payment is refunded in full."
DASHBOARD_REASON = "Refunded by the clinic in Stripe."


def _after_commit(task, object_id) -> None:
    """Queue ``task`` once the row it works on is committed. With the broker down at that instant the
    error is logged, not raised: the request has done its part, and the sweep (``pending.py``) finds
    the committed row and queues it again."""
    transaction.on_commit(lambda: task.delay(str(object_id)), robust=True)


def _audit(actor, action: AuditAction, obj, payment: Payment) -> None:
    """A payment says who is treated where: reads and writes of one are audited like health data."""
    audit_record(actor=actor, action=action, obj=obj, patient=payment.patient_id, clinic=payment.clinic_id)


def payment_audit(*, actor, action: AuditAction, payment: Payment) -> None:
    _audit(actor, action, payment, payment)


# --- Policy --------------------------------------------------------------------------------------


@transaction.atomic
def payment_policy_set(*, clinic: Clinic, values: dict) -> PaymentPolicy:
    """Create or replace the clinic's policy. Its amounts are in the currency of the clinic's services."""
    other_currencies = (
        ServiceType.objects.filter(clinic=clinic, is_active=True)
        .exclude(currency=values["currency"])
        .values_list("currency", flat=True)
        .distinct()
    )
    if other_currencies:
        message = f"The clinic's services are priced in {', '.join(sorted(other_currencies))}."
        raise PolicyInvalid("The policy's currency must be the services' currency.", fields={"currency": [message]})
    policy, _ = PaymentPolicy.objects.update_or_create(clinic=clinic, defaults=values)
    return policy


# --- Customers and card-on-file consent ----------------------------------------------------------


def _customer_id(patient) -> str:
    """The patient's Stripe Customer, made on first use. Call inside a transaction: the row is locked
    so that two requests at once make one customer."""
    customer, _ = StripeCustomer.objects.select_for_update().get_or_create(patient=patient)
    if not customer.stripe_id:
        customer.stripe_id = stripe_client.customer_create(customer_ref=str(patient.pk))
        customer.save(update_fields=["stripe_id", "updated_at"])
    return customer.stripe_id


@transaction.atomic
def card_consent_give(*, actor, patient, clinic: Clinic, text_version: str) -> CardOnFileConsent:
    """Record that ``patient`` lets ``clinic`` keep their next card for its fees, in the exact words
    they read (``text_version`` must be the current one). Giving it again changes nothing."""
    policy = online_policy(clinic)
    if policy is None:
        raise PayAtClinic()
    terms = card_on_file_terms(policy, clinic.name)
    if terms is None:
        raise NothingToPay("This clinic charges no fees a saved card could pay.")
    if text_version != terms.version:
        raise ConsentTextChanged(extra={"text_version": terms.version, "text": terms.text})
    current = active_card_consent(patient, clinic)
    if current is not None and current.text_version == terms.version:
        return current
    if current is not None:
        current.revoked_at = clock.now()
        current.save(update_fields=["revoked_at", "updated_at"])
    consent = CardOnFileConsent.objects.create(
        patient=patient,
        clinic=clinic,
        text_version=terms.version,
        text=terms.text,
        given_by=actor,
        given_at=clock.now(),
        ip_address=client_ip(),
        payment_method_id=current.payment_method_id if current is not None else "",
        card_brand=current.card_brand if current is not None else "",
        card_last4=current.card_last4 if current is not None else "",
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=consent, patient=patient, clinic=clinic)
    return consent


@transaction.atomic
def card_consent_revoke(*, actor, consent: CardOnFileConsent) -> CardOnFileConsent:
    """Withdraw the consent; the card is detached from the patient's Stripe customer unless another
    clinic's active consent still uses it."""
    consent = CardOnFileConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = clock.now()
    consent.save(update_fields=["revoked_at", "updated_at"])
    card = consent.payment_method_id
    still_used = CardOnFileConsent.objects.filter(
        payment_method_id=card, patient=consent.patient, revoked_at__isnull=True
    ).exists()
    if card and not still_used and stripe_client.is_configured():
        stripe_client.payment_method_detach(consent_ref=str(consent.pk), payment_method_id=card)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consent, patient=consent.patient, clinic=consent.clinic)
    return consent


# --- Payments at booking -------------------------------------------------------------------------


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


@transaction.atomic
def payment_checkout(*, actor, payment: Payment, save_card: bool = False, consent_text_version: str = "") -> Checkout:
    """What the browser needs to pay ``payment`` with Stripe's Payment Element: the intent's client
    secret (the intent is made once, whatever the number of requests) and the publishable key. With
    ``save_card``, the patient's consent to keep the card for fees is recorded first."""
    if online_policy(payment.clinic) is None:
        raise PayAtClinic()
    payment = _lock_for_settlement(payment)
    if payment.status not in OPEN_STATUSES:
        raise NothingToPay(f"This payment is {payment.get_status_display().lower()}.", extra={"status": payment.status})
    if payment.pays_for_bookings:
        _ensure_still_held(payment)
    if save_card:
        card_consent_give(
            actor=actor, patient=payment.patient, clinic=payment.clinic, text_version=consent_text_version
        )
    if payment.stripe_payment_intent_id:
        intent = stripe_client.payment_intent_retrieve(payment.stripe_payment_intent_id)
    else:
        saves_card = consent_to_current_terms(payment.patient, payment.clinic) is not None
        intent = stripe_client.payment_intent_create(
            payment_ref=str(payment.pk),
            amount_cents=payment.amount_cents,
            currency=payment.currency,
            customer_id=_customer_id(payment.patient),
            save_card=saves_card,
        )
        payment.stripe_payment_intent_id = intent.id
        payment.saves_card = saves_card
    _apply_intent(payment, intent)
    if payment.pays_for_bookings and payment.status == PaymentStatus.SUCCEEDED:
        _settle_bookings(payment)
    payment_audit(actor=actor, action=AuditAction.UPDATE, payment=payment)
    return Checkout(payment, intent.client_secret, settings.STRIPE_PUBLISHABLE_KEY)


def _ensure_still_held(payment: Payment) -> None:
    at = clock.now()
    for line in payment.lines.select_related("appointment"):
        appointment = line.appointment
        if appointment.status != Status.HELD or appointment.hold_lapsed(at):
            raise HoldExpired()


def _lock_payment(payment: Payment) -> Payment:
    return Payment.objects.select_for_update().select_related("clinic", "patient").get(pk=payment.pk)


def _lock_for_settlement(payment: Payment) -> Payment:
    """Lock the payment's appointments (by id), then the payment: the order booking uses."""
    appointment_ids = payment.lines.values_list("appointment_id", flat=True)
    list(Appointment.objects.select_for_update().filter(pk__in=appointment_ids).order_by("pk").values_list("pk"))
    return _lock_payment(payment)


def _apply_intent(payment: Payment, intent: stripe_client.Intent) -> None:
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
        _apply_intent(payment, intent)


def _settle_bookings(payment: Payment) -> bool:
    """Bring the bookings in line with a paid payment (confirm the holds, refund the cancelled ones).
    True when the payment is still open for a booking that is gone: its intent is to be cancelled."""
    lines = list(payment.lines.select_related("appointment"))
    if payment.status == PaymentStatus.SUCCEEDED:
        for line in lines:
            if line.appointment.status == Status.HELD:
                appointment_confirm_paid(appointment=line.appointment)
            if line.appointment.status == Status.CANCELLED and line.settled_at is None:
                _refund_automatically(payment, line, RefundKind.RELEASED, line.amount_cents, RELEASED_REASON)
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
            intent = stripe_client.payment_intent_cancel(payment_ref=str(payment.pk), intent_id=intent_id)
        except PaymentProviderRefused:
            intent = stripe_client.payment_intent_retrieve(intent_id)
    with transaction.atomic():
        payment = _lock_for_settlement(payment)
        if payment.stripe_payment_intent_id != intent_id:
            # A checkout made the intent meanwhile: cancel that one, in a task of its own.
            _after_commit(tasks.reconcile_payment, payment.pk)
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
        _after_commit(tasks.reconcile_payment, payment_id)


# --- Cancellations and no-shows ------------------------------------------------------------------


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
        payment = _lock_payment(line.payment)
        if payment.status == PaymentStatus.SUCCEEDED:
            reason = "Cancelled inside the cancellation window." if terms.late else "Cancelled in time."
            _refund_automatically(payment, line, RefundKind.POLICY, terms.refund_cents, reason)
        else:
            _after_commit(tasks.reconcile_payment, payment.pk)
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
        _after_commit(tasks.collect_fee, payment.pk)
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
            payment = _lock_payment(payment)
            if _fee_to_charge(payment):
                payment.off_session_failed = True
                payment.failure_message = declined.message[:500]
                payment.stripe_payment_intent_id = declined.intent_id
                payment.save()
        return payment
    with transaction.atomic():
        payment = _lock_payment(payment)
        if payment.stripe_payment_intent_id in (None, "", intent.id):
            payment.stripe_payment_intent_id = intent.id
            payment.off_session = True
            _apply_intent(payment, intent)
    return payment


def _fee_to_charge(payment: Payment) -> bool:
    """Still open, never sent to Stripe, and not already declined."""
    return payment.status in OPEN_STATUSES and not payment.stripe_payment_intent_id and not payment.off_session_failed


# --- Refunds -------------------------------------------------------------------------------------


def _refund_automatically(payment: Payment, line: PaymentLine, kind: str, amount_cents: int, reason: str) -> None:
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
    _after_commit(tasks.execute_refund, refund.pk)


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
    payment = _lock_payment(payment)
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
    _audit(actor, AuditAction.CREATE, refund, payment)
    _after_commit(tasks.execute_refund, refund.pk)
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
    payment = _lock_payment(payment)
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


# --- Webhook events ------------------------------------------------------------------------------


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
            _after_commit(tasks.process_stripe_event, stored.stripe_id)
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
