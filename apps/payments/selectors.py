"""Reads of the payments app: the mode a clinic is in, what was paid for an appointment, lists for
patients and staff, and the cancellation quote (the same computation the cancellation then applies)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from apps.booking.models import Appointment, AppointmentStatus
from apps.booking.policy import cancellation_window_opens
from apps.booking.selectors.catalogue import clinic_zone
from apps.booking.services.moves import RESCHEDULABLE
from apps.booking.services.status import ALLOWED_TRANSITIONS, PATIENT_TRANSITIONS
from apps.clinics.models import Clinic

from . import stripe_client
from .models import (
    BOOKING_KINDS,
    CardOnFileConsent,
    LateCancellation,
    Payment,
    PaymentLine,
    PaymentPolicy,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from .policy import (
    CancellationTerms,
    cancellation_terms,
    card_on_file_terms,
    format_money,
    is_late,
    no_show_fee_due,
)

STRIPE = "stripe"
PAY_AT_CLINIC = "pay_at_clinic"


def policy_for_clinic(clinic: Clinic) -> PaymentPolicy | None:
    return PaymentPolicy.objects.filter(clinic=clinic).first()


def online_policy(clinic: Clinic) -> PaymentPolicy | None:
    """The clinic's policy when it takes payment online; None in "pay at the clinic" mode (no Stripe
    keys on this server, or no policy at this clinic)."""
    if not stripe_client.is_configured():
        return None
    return policy_for_clinic(clinic)


def payment_mode(policy: PaymentPolicy | None) -> str:
    return STRIPE if policy is not None and stripe_client.is_configured() else PAY_AT_CLINIC


# --- Payments ------------------------------------------------------------------------------------


def _with_details(payments: QuerySet[Payment]) -> QuerySet[Payment]:
    return payments.select_related("clinic", "patient__patient_profile").prefetch_related(
        Prefetch("lines", queryset=PaymentLine.objects.select_related("appointment__service")),
        Prefetch("refunds", queryset=Refund.objects.order_by("created_at")),
    )


def payment_by_id(payment_id) -> Payment | None:
    return _with_details(Payment.objects.filter(pk=payment_id)).first()


def payments_for_patient(patient) -> QuerySet[Payment]:
    return _with_details(Payment.objects.filter(patient=patient)).order_by("-created_at")


def payments_for_clinic(
    clinic: Clinic, *, status: str | None = None, kind: str | None = None, patient=None
) -> QuerySet[Payment]:
    """The clinic's payments, newest first; optionally only one status, kind, or patient (a user id)."""
    payments = Payment.objects.filter(clinic=clinic)
    if status:
        payments = payments.filter(status=status)
    if kind:
        payments = payments.filter(kind=kind)
    if patient is not None:
        payments = payments.filter(patient_id=patient)
    return _with_details(payments).order_by("-created_at")


def payments_for_appointment(appointment: Appointment) -> QuerySet[Payment]:
    """The appointment's own payments and fees, and the series payment that covers it."""
    return _with_details(Payment.objects.filter(lines__appointment=appointment)).order_by("created_at").distinct()


def refunded_cents(payment: Payment) -> int:
    """Refunded or being refunded (a failed refund gives nothing back). Reads the refunds prefetched
    for a list of payments, or one query for a payment on its own."""
    return sum(refund.amount_cents for refund in payment.refunds.all() if refund.status != RefundStatus.FAILED)


def refundable_cents(payment: Payment) -> int:
    if payment.status != PaymentStatus.SUCCEEDED:
        return 0
    return payment.amount_cents - refunded_cents(payment)


def booking_line(appointment: Appointment) -> PaymentLine | None:
    """The share of a payment at booking that pays for this appointment (one at most)."""
    return (
        PaymentLine.objects.filter(appointment=appointment, payment__kind__in=BOOKING_KINDS)
        .select_related("payment")
        .first()
    )


def paid_cents_for(line: PaymentLine | None) -> int:
    if line is None or line.payment.status != PaymentStatus.SUCCEEDED:
        return 0
    return line.amount_cents


# --- Card on file --------------------------------------------------------------------------------


def active_card_consent(patient, clinic: Clinic) -> CardOnFileConsent | None:
    return CardOnFileConsent.objects.filter(patient=patient, clinic=clinic, revoked_at__isnull=True).first()


def consent_to_current_terms(patient, clinic: Clinic) -> CardOnFileConsent | None:
    """The patient's consent to the clinic's card-on-file terms as they stand: fees may go to the
    card only under the amounts the patient agreed to (after a change, they are asked again)."""
    consent = active_card_consent(patient, clinic)
    policy = online_policy(clinic)
    terms = card_on_file_terms(policy, clinic.name) if policy is not None else None
    if consent is None or terms is None or consent.text_version != terms.version:
        return None
    return consent


def card_consents_for_patient(patient) -> QuerySet[CardOnFileConsent]:
    return CardOnFileConsent.objects.filter(patient=patient).select_related("clinic").order_by("-given_at")


# --- What a cancellation or a no-show costs ------------------------------------------------------

# Where a fee beyond what was paid comes from.
SAVED_CARD = "saved_card"
PAYMENT_REQUEST = "payment_request"


def fee_collection(patient, clinic: Clinic) -> str:
    """A fee goes to the card the patient agreed to keep on file, else it becomes a request to pay."""
    consent = consent_to_current_terms(patient, clinic)
    return SAVED_CARD if consent is not None and consent.payment_method_id else PAYMENT_REQUEST


def cancellation_terms_for(
    appointment: Appointment, *, at: datetime, by_patient: bool, status: str | None = None
) -> CancellationTerms:
    """What cancelling ``appointment`` (in ``status``, by default its current one) at ``at`` costs, from
    what was paid for it and its clinic's policy. A hold is never late (it can always be let go)."""
    policy = online_policy(appointment.clinic)
    paid = paid_cents_for(booking_line(appointment))
    window_start = cancellation_window_opens(appointment)
    late = (status or appointment.status) != AppointmentStatus.HELD and is_late(at, window_start)
    if policy is None:
        return CancellationTerms(paid, paid, 0, late)
    return cancellation_terms(policy, paid_cents=paid, late=late, by_patient=by_patient)


def no_show_fee_for(appointment: Appointment, policy: PaymentPolicy) -> int:
    return no_show_fee_due(policy, paid_cents=paid_cents_for(booking_line(appointment)))


@dataclass(frozen=True)
class CancellationQuote:
    payment_mode: str
    currency: str
    allowed: bool
    late: bool
    window_starts_at: datetime
    terms: CancellationTerms
    fee_collection: str
    message: str
    reschedule_allowed: bool
    reschedule_message: str


def cancellation_quote(appointment: Appointment, *, at: datetime, by_patient: bool) -> CancellationQuote:
    """What cancelling now would do, in words and numbers, before the caller confirms."""
    policy = online_policy(appointment.clinic)
    terms = cancellation_terms_for(appointment, at=at, by_patient=by_patient)
    window_start = cancellation_window_opens(appointment)
    allowed = _may_cancel(appointment, by_patient=by_patient, late=terms.late, online=policy is not None)
    collection = fee_collection(appointment.patient, appointment.clinic) if terms.fee_cents else ""
    currency = appointment.service.currency
    local_start = window_start.astimezone(clinic_zone(appointment.clinic))
    may_move = appointment.status in RESCHEDULABLE and (
        not by_patient or appointment.status == AppointmentStatus.HELD or not terms.late
    )
    return CancellationQuote(
        payment_mode=payment_mode(policy),
        currency=currency,
        allowed=allowed,
        late=terms.late,
        window_starts_at=window_start,
        terms=terms,
        fee_collection=collection,
        message=_quote_message(
            appointment, policy, terms, allowed=allowed, by_patient=by_patient, local_start=local_start
        ),
        reschedule_allowed=may_move,
        reschedule_message=_reschedule_message(appointment, may_move=may_move, local_start=local_start),
    )


def _reschedule_message(appointment: Appointment, *, may_move: bool, local_start: datetime) -> str:
    """Moving keeps the appointment and what was paid for it: it costs nothing while it is allowed
    (patients until the window opens, as booking rules; the clinic at any time)."""
    if appointment.status not in RESCHEDULABLE:
        return f"A {appointment.get_status_display().lower()} appointment cannot be moved."
    if not may_move:
        clinic = appointment.clinic
        return (
            f"It can no longer be moved online (the cancellation window opened {_when(local_start)}). "
            f"Please call {clinic.name} on {clinic.phone}."
        )
    return "Moving it to another time costs nothing; what was paid stays with it."


def _when(local: datetime) -> str:
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def _may_cancel(appointment: Appointment, *, by_patient: bool, late: bool, online: bool) -> bool:
    """Booking's rules: patients cancel a hold any time and a confirmed appointment until the window
    opens, or inside it when the clinic takes payment online (its late terms then apply)."""
    transition = (appointment.status, AppointmentStatus.CANCELLED)
    if AppointmentStatus.CANCELLED not in ALLOWED_TRANSITIONS[appointment.status]:
        return False
    if not by_patient:
        return True
    return transition in PATIENT_TRANSITIONS and (not late or online)


def _quote_message(appointment, policy, terms: CancellationTerms, *, allowed, by_patient, local_start) -> str:
    currency = appointment.service.currency
    clinic = appointment.clinic
    hours = appointment.service.cancellation_window_hours
    opens = _when(local_start)
    if AppointmentStatus.CANCELLED not in ALLOWED_TRANSITIONS[appointment.status]:
        return f"A {appointment.get_status_display().lower()} appointment cannot be cancelled."
    if not allowed:
        return (
            f"Appointments can be cancelled online up to {hours} hours before they start (until {opens}). "
            f"Please call {clinic.name} on {clinic.phone}."
        )
    paid = format_money(terms.paid_cents, currency)
    if policy is None:
        return "Nothing was paid online for this appointment: payment is taken at the clinic."
    if appointment.status == AppointmentStatus.HELD and not terms.paid_cents:
        return "This booking is not paid yet: cancelling releases the time and nothing is charged."
    if not by_patient:
        return f"A cancellation by the clinic refunds everything paid online ({paid})."
    if not terms.late:
        refunded = f"the {paid} you paid is refunded in full" if terms.paid_cents else "nothing is charged"
        return f"Cancel now and {refunded}. The {hours}-hour cancellation window opens {opens}."
    inside = f"You are within the {hours}-hour cancellation window (it opened {opens})."
    if policy.late_cancellation == LateCancellation.PARTIAL_REFUND:
        if not terms.paid_cents:
            return f"{inside} Nothing was paid online, so cancelling now costs nothing here."
        return (
            f"{inside} Cancel now and {format_money(terms.refund_cents, currency)} of the {paid} you paid is "
            f"refunded ({policy.late_refund_percent}%)."
        )
    message = f"{inside} The late-cancellation fee is {format_money(policy.late_fee_cents, currency)}"
    if terms.paid_cents:
        message += f": {format_money(terms.refund_cents, currency)} of the {paid} you paid is refunded"
    if terms.fee_cents:
        extra = format_money(terms.fee_cents, currency)
        if fee_collection(appointment.patient, clinic) == SAVED_CARD:
            message += f", and {extra} is charged to the card you saved for fees"
        else:
            message += f", and you will be asked to pay {extra} in the portal"
    return message + "."
