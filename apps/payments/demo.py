"""Demo payment policies for the demo clinics. With no Stripe keys (the embedded default) they are
shown as the clinics' terms and the portal stays in "pay at the clinic" mode; with keys (or
localstripe) they are what patients pay online. Safe to run again."""

from apps.clinics.models import Clinic

from .models import AtBooking, LateCancellation, PaymentPolicy

POLICIES = {
    "brooklyn": {
        "consultation_at_booking": AtBooking.FULL,
        "session_at_booking": AtBooking.DEPOSIT,
        "session_deposit_cents": 10000,
        "induction_package_price_cents": 240000,
        "late_cancellation": LateCancellation.PARTIAL_REFUND,
        "late_refund_percent": 50,
        "no_show_fee_cents": 10000,
    },
    "denver": {
        "consultation_at_booking": AtBooking.DEPOSIT,
        "consultation_deposit_cents": 5000,
        "session_at_booking": AtBooking.DEPOSIT,
        "session_deposit_cents": 10000,
        "late_cancellation": LateCancellation.FEE,
        "late_fee_cents": 7500,
        "no_show_fee_cents": 10000,
    },
    "santa-monica": {
        "consultation_at_booking": AtBooking.FULL,
        "session_at_booking": AtBooking.FULL,
        "induction_package_price_cents": 225000,
        "late_cancellation": LateCancellation.PARTIAL_REFUND,
        "late_refund_percent": 25,
        "no_show_fee_cents": 15000,
    },
}


def seed() -> list[tuple[str, str]]:
    for clinic in Clinic.objects.filter(slug__in=POLICIES):
        PaymentPolicy.objects.update_or_create(clinic=clinic, defaults={"currency": "USD", **POLICIES[clinic.slug]})
    return []
