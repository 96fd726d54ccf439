"""The payments app's answers to booking's questions (``apps.booking.payment_hooks``), installed when
the app loads. In "pay at the clinic" mode (no Stripe keys, or no policy at the clinic) every answer is
booking's default: nothing is held for payment and no money moves."""

from datetime import datetime

from apps.booking.models import AppointmentStatus
from apps.booking.payment_hooks import PaymentRules

from . import stripe_client
from .selectors import online_policy
from .services import checkout, fees


class StripePaymentRules(PaymentRules):
    def hold_for_payment(self, *, clinic, service, booked_by_patient: bool, sessions: int = 1) -> bool:
        if not booked_by_patient:
            return False
        return bool(checkout.amounts_due_at_booking(clinic=clinic, service=service, sessions=sessions))

    def booked(self, *, appointments, series=None) -> None:
        if stripe_client.is_configured():
            checkout.booking_payment_create(appointments=appointments, series=series)

    def ensure_paid(self, appointment) -> None:
        checkout.ensure_booking_paid(appointment)

    def allows_late_cancellation(self, appointment) -> bool:
        return online_policy(appointment.clinic) is not None

    def check_cancellation_accepted(self, appointment, *, accepted: dict | None, at: datetime) -> None:
        if stripe_client.is_configured():
            fees.ensure_cancellation_terms_accepted(appointment=appointment, accepted=accepted, at=at)

    def status_changed(self, appointment, *, previous_status: str, at: datetime) -> None:
        if not stripe_client.is_configured():
            return
        if appointment.status == AppointmentStatus.CANCELLED:
            fees.appointment_cancellation_settle(appointment=appointment, previous_status=previous_status, at=at)
        elif appointment.status == AppointmentStatus.NO_SHOW:
            fees.appointment_no_show_charge(appointment=appointment)

    def holds_released(self, appointments) -> None:
        if appointments and stripe_client.is_configured():
            checkout.payments_reconcile_released(appointments=appointments)
