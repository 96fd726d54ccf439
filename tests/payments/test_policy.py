"""The policy's arithmetic, on unsaved rows (pure functions: no database, no Stripe)."""

from datetime import datetime, timedelta

import pytest

from apps.booking.models import Appointment, ServiceKind, ServiceType
from apps.booking.policy import cancellation_window_opens
from apps.payments.models import PaymentPolicy
from apps.payments.policy import (
    amount_due_at_booking,
    cancellation_terms,
    card_on_file_terms,
    format_money,
    is_late,
    no_show_fee_due,
    series_amounts,
    split_evenly,
)


def policy(**fields) -> PaymentPolicy:
    return PaymentPolicy(**{"late_refund_percent": 50, "no_show_fee_cents": 7500, **fields})


CONSULTATION = ServiceType(kind=ServiceKind.CONSULTATION, price_cents=25000)
INFUSION = ServiceType(kind=ServiceKind.DOSING, price_cents=45000)


@pytest.mark.parametrize(
    ("fields", "service", "due"),
    [
        ({}, CONSULTATION, 25000),
        ({"consultation_at_booking": "deposit", "consultation_deposit_cents": 5000}, CONSULTATION, 5000),
        ({"consultation_at_booking": "deposit", "consultation_deposit_cents": 5000}, INFUSION, 45000),
        ({"session_at_booking": "deposit", "session_deposit_cents": 50000}, INFUSION, 45000),
        ({"session_at_booking": "deposit", "session_deposit_cents": 0}, INFUSION, 0),
    ],
)
def test_what_booking_costs_up_front(fields, service, due):
    assert amount_due_at_booking(policy(**fields), service) == due


def test_the_induction_package_is_split_across_its_sessions_and_other_series_pay_per_session():
    package = policy(induction_package_price_cents=200003)
    assert series_amounts(package, INFUSION, 6) == [33334, 33334, 33334, 33334, 33334, 33333]
    assert sum(series_amounts(package, INFUSION, 6)) == 200003
    assert series_amounts(package, INFUSION, 4) == [45000] * 4
    assert series_amounts(policy(), INFUSION, 6) == [45000] * 6
    assert split_evenly(10, 3) == [4, 3, 3]


def test_the_window_opens_a_fixed_number_of_elapsed_hours_before_the_start_and_includes_its_first_instant():
    start = datetime.fromisoformat("2026-03-08T15:00:00+00:00")  # the day New York's clocks go forward
    opens = cancellation_window_opens(Appointment(starts_at=start, service=ServiceType(cancellation_window_hours=24)))
    assert opens == start - timedelta(hours=24)
    assert not is_late(opens - timedelta(microseconds=1), opens)
    assert is_late(opens, opens)


@pytest.mark.parametrize(
    ("fields", "paid", "late", "by_patient", "refund", "fee"),
    [
        ({}, 25000, False, True, 25000, 0),
        ({}, 25000, True, False, 25000, 0),
        ({}, 25000, True, True, 12500, 0),
        ({}, 25001, True, True, 12501, 0),  # half a cent rounds up, to the patient
        ({"late_refund_percent": 33}, 100, True, True, 33, 0),
        ({"late_refund_percent": 0}, 25000, True, True, 0, 0),
        ({"late_refund_percent": 100}, 25000, True, True, 25000, 0),
        ({"late_cancellation": "fee", "late_fee_cents": 10000}, 25000, True, True, 15000, 0),
        ({"late_cancellation": "fee", "late_fee_cents": 10000}, 4000, True, True, 0, 6000),
        ({"late_cancellation": "fee", "late_fee_cents": 10000}, 0, True, True, 0, 10000),
        ({"late_cancellation": "fee", "late_fee_cents": 10000}, 0, True, False, 0, 0),
    ],
)
def test_what_cancelling_costs(fields, paid, late, by_patient, refund, fee):
    terms = cancellation_terms(policy(**fields), paid_cents=paid, late=late, by_patient=by_patient)
    assert (terms.refund_cents, terms.fee_cents, terms.kept_cents) == (refund, fee, paid - refund)


def test_a_no_show_costs_the_fee_less_what_was_paid():
    assert no_show_fee_due(policy(), paid_cents=0) == 7500
    assert no_show_fee_due(policy(), paid_cents=5000) == 2500
    assert no_show_fee_due(policy(), paid_cents=25000) == 0


def test_the_card_terms_name_the_fees_and_their_version_follows_the_amounts():
    terms = card_on_file_terms(policy(), "Evergreen Denver")
    assert terms.text.startswith("I authorise Evergreen Denver to keep the card")
    assert "a missed-appointment fee of $75.00" in terms.text and "cancelling" not in terms.text
    with_fee = card_on_file_terms(policy(late_cancellation="fee", late_fee_cents=5000), "Evergreen Denver")
    assert "or a fee of $50.00 for cancelling" in with_fee.text
    assert with_fee.version != terms.version and terms.version.startswith("2026-11.")
    assert card_on_file_terms(policy(no_show_fee_cents=8000), "Evergreen Denver").version != terms.version
    assert card_on_file_terms(policy(no_show_fee_cents=0), "Evergreen Denver") is None


def test_money_is_written_with_its_currency():
    assert format_money(25000, "USD") == "$250.00"
    assert format_money(123456789, "usd") == "$1,234,567.89"
    assert format_money(5, "CHF") == "0.05 CHF"
