"""Stripe is called with no database row locked: a slow or unreachable Stripe never holds a lock that
bookings, check-ins or other payments wait on. Each background money step is watched: every call it
makes to Stripe happens outside any transaction (and so outside any row lock), and so does a checkout."""

import pytest
from django.db import connection

from apps.booking.models import Appointment
from apps.payments import stripe_client
from apps.payments.models import Payment
from tests.accounts.factories import PatientFactory

from .conftest import (
    AFTER_THE_START,
    book,
    book_and_pay,
    checkout,
    event,
    mark_no_show,
    payment_of,
    signed_webhook,
    terms_version,
)

pytestmark = [
    pytest.mark.localstripe,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_run_in_process"),
]

WATCHED = (
    "customer_create",
    "payment_intent_create",
    "refund_create",
    "refund_retrieve",
    "payment_intent_retrieve",
    "payment_intent_cancel",
    "payment_intent_charge_saved_card",
)


@pytest.fixture
def watch_stripe(monkeypatch):
    """From the call on: each call to Stripe, with whether a transaction was open at that moment."""
    calls = []

    def start():
        for name in WATCHED:
            real = getattr(stripe_client, name)

            def spy(*args, _real=real, _name=name, **kwargs):
                calls.append((_name, connection.in_atomic_block))
                return _real(*args, **kwargs)

            monkeypatch.setattr(stripe_client, name, spy)
        return calls

    return start


def test_a_checkout_makes_the_customer_and_the_intent_outside_any_transaction(open_clinic, client_for, watch_stripe):
    client = client_for(PatientFactory())
    payment = payment_of(book(client).json()["id"])
    calls = watch_stripe()
    assert checkout(client, payment).status_code == 200
    assert calls == [("customer_create", False), ("payment_intent_create", False)]
    calls.clear()
    assert checkout(client, payment).status_code == 200  # the patient reloads the page
    assert calls == [("payment_intent_retrieve", False)]


def test_a_staff_refund_calls_stripe_outside_any_transaction(
    open_clinic, client_for, staff_client_for, sdk, watch_stripe
):
    _, payment = book_and_pay(client_for(PatientFactory()), sdk)
    desk = staff_client_for(open_clinic, role="front_desk")
    calls = watch_stripe()
    made = desk.post(
        f"/api/v1/payments/{payment.pk}/refunds", {"reason": "Goodwill"}, format="json", HTTP_IDEMPOTENCY_KEY="r-1"
    )
    assert made.status_code == 201
    assert calls == [("refund_create", False)]


def test_letting_a_held_booking_go_cancels_its_intent_outside_any_transaction(open_clinic, client_for, watch_stripe):
    client = client_for(PatientFactory())
    appointment = Appointment.objects.get(pk=book(client).json()["id"])
    payment = payment_of(appointment.pk)
    assert checkout(client, payment).status_code == 200
    calls = watch_stripe()
    let_go = client.post(f"/api/v1/appointments/{appointment.pk}/transitions", {"status": "cancelled"}, format="json")
    assert let_go.status_code == 200, let_go.json()
    assert Payment.objects.get(pk=payment.pk).status == "canceled"
    assert ("payment_intent_cancel", False) in calls
    assert all(in_transaction is False for _, in_transaction in calls)


def test_a_no_show_fee_is_charged_outside_any_transaction(
    open_clinic, deposit_policy, client_for, staff_client_for, sdk, clock, watch_stripe
):
    client = client_for(PatientFactory())
    appointment, _ = book_and_pay(client, sdk, save_card=True, consent_text_version=terms_version(deposit_policy))
    clock.move_to(AFTER_THE_START, tick=False)
    calls = watch_stripe()
    assert mark_no_show(staff_client_for, open_clinic, appointment).status_code == 200
    assert Payment.objects.get(kind="no_show_fee").status == "succeeded"
    assert calls == [("payment_intent_charge_saved_card", False)]


def test_a_webhook_is_handled_with_stripe_read_outside_any_transaction(paid_in_browser, api_client, watch_stripe):
    appointment, payment = paid_in_browser
    calls = watch_stripe()
    intent = {"id": payment.stripe_payment_intent_id, "object": "payment_intent"}
    assert signed_webhook(api_client, event("evt_paid", "payment_intent.succeeded", intent)).status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == "confirmed"
    assert calls == [("payment_intent_retrieve", False)]
