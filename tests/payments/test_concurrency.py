"""Double submits under real concurrency (PostgreSQL, one connection per thread): one intent however
many checkouts race, one refund however many identical refund requests race, no more refunded than
was paid, and one stored event however many deliveries of it arrive at once."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.booking.models import AppointmentEvent
from apps.payments.models import Payment, Refund, StripeCustomer, StripeEvent
from tests.accounts.factories import PatientFactory
from tests.support.sign_in import sign_in

from .conftest import book, checkout, event, pay_in_browser, payment_of, signed_webhook

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.localstripe,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_run_in_process"),
]

RACERS = 8


def all_at_once(send, count=RACERS):
    """Call ``send(index)`` from ``count`` threads at the same moment; their results, in order."""
    results = [None] * count
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait(timeout=60)
            results[index] = send(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,), daemon=True) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(result is not None for result in results), "a request did not finish"
    return results


def signed_in(user):
    client = APIClient()
    sign_in(client, user)
    return client


def test_racing_checkouts_answer_with_one_intent_and_one_customer(open_clinic, sdk):
    """Stripe is asked with no row locked. Real Stripe gives racers one intent (one idempotency key);
    the fake gives each its own, so every one but the recorded intent must end cancelled."""
    patient = PatientFactory()
    payment = payment_of(book(signed_in(patient)).json()["id"])
    clients = [signed_in(patient) for _ in range(RACERS)]
    results = all_at_once(lambda index: checkout(clients[index], payment))
    assert {response.status_code for response in results} == {200}
    assert len({response.json()["client_secret"] for response in results}) == 1
    assert StripeCustomer.objects.filter(patient=patient).count() == 1
    live = [
        intent.id
        for intent in sdk.v1.payment_intents.list(params={"limit": 100}).auto_paging_iter()
        if intent.metadata.to_dict().get("portal_payment") == str(payment.pk) and intent.status != "canceled"
    ]
    assert live == [Payment.objects.get(pk=payment.pk).stripe_payment_intent_id]


@pytest.fixture
def paid(open_clinic, sdk):
    patient = PatientFactory()
    client = signed_in(patient)
    payment = payment_of(book(client).json()["id"])
    checkout(client, payment)
    payment.refresh_from_db()
    pay_in_browser(sdk, payment.stripe_payment_intent_id)
    client.post(f"/api/v1/payments/{payment.pk}/confirmation")
    payment.refresh_from_db()
    return payment


def test_racing_identical_refund_requests_refund_once(paid, staff_client_for, sdk):
    desk = staff_client_for(paid.clinic, role="front_desk")
    clients = [signed_in(desk.user) for _ in range(RACERS)]
    body = {"amount_cents": 4000, "reason": "Double click"}
    results = all_at_once(
        lambda index: clients[index].post(
            f"/api/v1/payments/{paid.pk}/refunds", body, format="json", HTTP_IDEMPOTENCY_KEY="one-refund"
        )
    )
    assert {response.status_code for response in results} == {201}
    assert len({response.json()["id"] for response in results}) == 1
    assert list(Refund.objects.values_list("amount_cents", "status")) == [(4000, "succeeded")]
    assert [r.amount for r in sdk.v1.refunds.list(params={"payment_intent": paid.stripe_payment_intent_id})] == [4000]


def test_racing_refunds_of_everything_left_refund_it_once(paid, staff_client_for, sdk):
    desk = staff_client_for(paid.clinic, role="clinic_admin")
    clients = [signed_in(desk.user) for _ in range(RACERS)]
    results = all_at_once(
        lambda index: clients[index].post(
            f"/api/v1/payments/{paid.pk}/refunds",
            {"reason": "Everything"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=f"key-{index}",
        )
    )
    assert sorted(response.status_code for response in results) == [201] + [409] * (RACERS - 1)
    assert [r.amount for r in sdk.v1.refunds.list(params={"payment_intent": paid.stripe_payment_intent_id})] == [25000]


def test_racing_deliveries_of_one_event_are_stored_once_and_confirm_once(open_clinic, sdk):
    patient = PatientFactory()
    client = signed_in(patient)
    appointment_id = book(client).json()["id"]
    payment = payment_of(appointment_id)
    checkout(client, payment)
    payment.refresh_from_db()
    pay_in_browser(sdk, payment.stripe_payment_intent_id)
    succeeded = event("evt_race", "payment_intent.succeeded", {"id": payment.stripe_payment_intent_id})
    clients = [APIClient() for _ in range(RACERS)]
    results = all_at_once(lambda index: signed_webhook(clients[index], succeeded))
    assert {response.status_code for response in results} == {200}
    assert StripeEvent.objects.get().outcome == "handled"
    assert AppointmentEvent.objects.filter(appointment_id=appointment_id, to_status="confirmed").count() == 1
