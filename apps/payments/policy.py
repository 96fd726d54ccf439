"""The arithmetic of a clinic's payment policy: pure functions of a policy, prices and instants (no ORM,
no Stripe), so that what the API quotes before a cancellation and what the services then do are one
and the same computation."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from apps.booking.models import INDUCTION_SESSIONS, ServiceKind

from .models import AtBooking, LateCancellation, PaymentPolicy

# Raise when the wording of the card-on-file terms changes (the version also covers the amounts).
CARD_ON_FILE_TERMS_EDITION = "2026-11"
CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "AUD": "A$", "GBP": "£", "EUR": "€"}


def format_money(cents: int, currency: str) -> str:
    """``$120.00``; currencies without a symbol here are written out: ``120.00 CHF``."""
    amount = f"{cents // 100:,}.{cents % 100:02d}"
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{amount}" if symbol else f"{amount} {currency.upper()}"


def amount_due_at_booking(policy: PaymentPolicy, service) -> int:
    """What booking one appointment of ``service`` costs up front: the full price or the deposit (never
    more than the price). Consultations follow the consultation rule; every other service is a single
    session."""
    if service.kind == ServiceKind.CONSULTATION:
        rule, deposit = policy.consultation_at_booking, policy.consultation_deposit_cents
    else:
        rule, deposit = policy.session_at_booking, policy.session_deposit_cents
    return service.price_cents if rule == AtBooking.FULL else min(deposit, service.price_cents)


def series_amounts(policy: PaymentPolicy, service, sessions: int) -> list[int]:
    """What each session of a series booked together costs up front: the induction series at the
    package price (split across its sessions, the odd cents on the first), any other series session by
    session."""
    package = policy.induction_package_price_cents
    if package is not None and sessions == INDUCTION_SESSIONS:
        return split_evenly(package, sessions)
    return [amount_due_at_booking(policy, service)] * sessions


def split_evenly(total: int, parts: int) -> list[int]:
    base, remainder = divmod(total, parts)
    return [base + 1 if index < remainder else base for index in range(parts)]


def is_late(at: datetime, window_start: datetime) -> bool:
    """Inside the window from its first instant on."""
    return at >= window_start


@dataclass(frozen=True)
class CancellationTerms:
    paid_cents: int
    refund_cents: int
    fee_cents: int  # charged on top of what was paid (when the fee is more than that)
    late: bool

    @property
    def kept_cents(self) -> int:
        return self.paid_cents - self.refund_cents


def cancellation_terms(policy: PaymentPolicy, *, paid_cents: int, late: bool, by_patient: bool) -> CancellationTerms:
    """What cancelling costs. Outside the window, or when the clinic cancels, everything paid comes
    back. Inside it, a patient's cancellation gets the policy's share back (rounded half up to the
    cent), or pays the policy's fee, toward which what was paid counts."""
    if not (late and by_patient):
        return CancellationTerms(paid_cents, paid_cents, 0, late)
    if policy.late_cancellation == LateCancellation.PARTIAL_REFUND:
        refund = (paid_cents * policy.late_refund_percent + 50) // 100
        return CancellationTerms(paid_cents, refund, 0, late)
    fee = policy.late_fee_cents
    return CancellationTerms(paid_cents, max(paid_cents - fee, 0), max(fee - paid_cents, 0), late)


def no_show_fee_due(policy: PaymentPolicy, *, paid_cents: int) -> int:
    """What a missed appointment costs on top of what was paid for it (which the clinic keeps)."""
    return max(policy.no_show_fee_cents - paid_cents, 0)


@dataclass(frozen=True)
class CardOnFileTerms:
    version: str
    text: str


def card_on_file_terms(policy: PaymentPolicy, clinic_name: str) -> CardOnFileTerms | None:
    """The words a patient agrees to before a clinic may keep their card for fees, with a version that
    changes with the wording and the amounts. None when the policy has no fee a card could pay."""
    currency = policy.currency
    fees = []
    if policy.no_show_fee_cents:
        fees.append(f"a missed-appointment fee of {format_money(policy.no_show_fee_cents, currency)}")
    if policy.late_cancellation == LateCancellation.FEE and policy.late_fee_cents:
        fees.append(
            f"a fee of {format_money(policy.late_fee_cents, currency)} for cancelling an appointment within "
            "its cancellation window"
        )
    if not fees:
        return None
    text = (
        f"I authorise {clinic_name} to keep the card I pay with on file with its payment processor, Stripe, "
        f"and to charge it later without asking me again, only for {' or '.join(fees)}, under its payment "
        "policy. What I paid for an appointment counts toward its fee. I can withdraw this permission at any "
        "time in the portal."
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return CardOnFileTerms(version=f"{CARD_ON_FILE_TERMS_EDITION}.{digest}", text=text)
