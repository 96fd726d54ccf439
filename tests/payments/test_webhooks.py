"""Stripe's webhook: the signature is verified over the raw body (a bad one, or an old timestamp, is a
400 that writes nothing); each event is stored once and processed after commit; handling reads the
object from Stripe, so any number of deliveries in any order ends in one state with one side effect."""

import json
import random
import time
from datetime import timedelta

import pytest
import stripe

from apps.booking.models import AppointmentEvent
from apps.payments.models import Refund, StripeEvent

from .conftest import WEBHOOK_SECRET, event, signed_webhook

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

SEEDS = [1, 2, 3]


def deliver_three_times_shuffled(api_client, tasks_run, events, seed):
    """Each event three times, in a shuffled order, each delivery processed as a worker would."""
    deliveries = [item for item in events for _ in range(3)]
    random.Random(seed).shuffle(deliveries)
    for delivery in deliveries:
        with tasks_run():
            response = signed_webhook(api_client, delivery)
        assert response.status_code == 200, response.content


@pytest.mark.parametrize("seed", SEEDS)
def test_payment_events_thrice_in_any_order_confirm_the_booking_once(paid_in_browser, api_client, tasks_run, seed):
    appointment, payment = paid_in_browser
    stale = {"id": payment.stripe_payment_intent_id, "object": "payment_intent", "status": "requires_payment_method"}
    events = [
        event("evt_failed_first", "payment_intent.payment_failed", stale),
        event("evt_processing", "payment_intent.processing", stale),
        event("evt_succeeded", "payment_intent.succeeded", stale),
        event("evt_charge", "charge.succeeded", {"id": "ch_x", "object": "charge"}),
    ]
    deliver_three_times_shuffled(api_client, tasks_run, events, seed)

    payment.refresh_from_db()
    appointment.refresh_from_db()
    assert (payment.status, appointment.status) == ("succeeded", "confirmed")
    assert AppointmentEvent.objects.filter(appointment=appointment, to_status="confirmed").count() == 1
    assert not Refund.objects.exists()
    stored = dict(StripeEvent.objects.values_list("stripe_id", "outcome"))
    assert stored == {
        "evt_failed_first": "handled",
        "evt_processing": "handled",
        "evt_succeeded": "handled",
        "evt_charge": "ignored",
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_refund_events_thrice_in_any_order_record_one_refund(
    paid_in_browser, client_for, api_client, sdk, tasks_run, seed
):
    appointment, payment = paid_in_browser
    client = client_for(appointment.patient)
    with tasks_run():
        client.post(f"/api/v1/payments/{payment.pk}/confirmation")
        client.post(f"/api/v1/appointments/{appointment.pk}/transitions", {"status": "cancelled"}, format="json")
    refund = Refund.objects.get()
    stale = {"id": refund.stripe_refund_id, "object": "refund", "status": "pending"}
    charge = {"id": "ch_x", "object": "charge", "payment_intent": payment.stripe_payment_intent_id}
    events = [
        event("evt_refund_created", "refund.created", stale),
        event("evt_refund_updated", "refund.updated", stale),
        event("evt_charge_refunded", "charge.refunded", charge),
        event("evt_late_success", "payment_intent.succeeded", {"id": payment.stripe_payment_intent_id}),
    ]
    deliver_three_times_shuffled(api_client, tasks_run, events, seed)
    assert list(Refund.objects.values_list("pk", "status", "amount_cents")) == [(refund.pk, "succeeded", 25000)]
    assert [r.amount for r in sdk.v1.refunds.list(params={"payment_intent": payment.stripe_payment_intent_id})] == [
        25000
    ]
    assert AppointmentEvent.objects.filter(appointment=appointment, to_status="confirmed").count() == 1


@pytest.mark.parametrize("seed", SEEDS)
def test_a_payment_after_the_hold_expired_is_refunded_once_whatever_arrives_when(
    paid_in_browser, api_client, sdk, clock, tasks_run, seed
):
    appointment, payment = paid_in_browser
    clock.move_to(appointment.hold_expires_at + timedelta(seconds=1), tick=False)
    intent = {"id": payment.stripe_payment_intent_id, "object": "payment_intent"}
    events = [
        event("evt_succeeded", "payment_intent.succeeded", intent),
        event("evt_charge", "charge.succeeded", {"id": "ch_x", "object": "charge"}),
    ]
    deliver_three_times_shuffled(api_client, tasks_run, events, seed)
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert list(Refund.objects.values_list("kind", "amount_cents", "status")) == [("released", 25000, "succeeded")]
    assert len(sdk.v1.refunds.list(params={"payment_intent": payment.stripe_payment_intent_id}).data) == 1


def test_a_refund_made_in_stripes_dashboard_is_recorded_once(paid_in_browser, client_for, api_client, sdk, tasks_run):
    appointment, payment = paid_in_browser
    client_for(appointment.patient).post(f"/api/v1/payments/{payment.pk}/confirmation")
    outside = sdk.v1.refunds.create(params={"payment_intent": payment.stripe_payment_intent_id, "amount": 3000})
    deliver_three_times_shuffled(
        api_client, tasks_run, [event("evt_dashboard", "refund.created", {"id": outside.id})], seed=1
    )
    assert list(Refund.objects.values_list("stripe_refund_id", "kind", "amount_cents", "status", "reason")) == [
        (outside.id, "staff", 3000, "succeeded", "Refunded by the clinic in Stripe.")
    ]


def test_events_about_objects_that_are_not_ours_are_stored_and_ignored(stripe_on, api_client, tasks_run):
    with tasks_run():
        signed_webhook(api_client, event("evt_other", "payment_intent.succeeded", {"id": "pi_not_ours"}))
        signed_webhook(api_client, event("evt_customer", "customer.created", {"id": "cus_x"}))
    assert dict(StripeEvent.objects.values_list("stripe_id", "outcome")) == {
        "evt_other": "ignored",
        "evt_customer": "ignored",
    }


GOOD = json.dumps(event("evt_good", "payment_intent.succeeded", {"id": "pi_x", "object": "payment_intent"}))


def post(client, body: str | bytes, header: str | None):
    extra = {"HTTP_STRIPE_SIGNATURE": header} if header is not None else {}
    return client.post("/api/v1/payments/stripe/webhook", body, content_type="application/json", **extra)


def header_for(payload: str, *, secret=WEBHOOK_SECRET, age_seconds=0) -> str:
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=int(time.time()) - age_seconds)


REJECTED = {
    "a tampered body": lambda: (GOOD.replace("pi_x", "pi_y"), header_for(GOOD)),
    "a stale timestamp": lambda: (GOOD, header_for(GOOD, age_seconds=301)),
    "another secret": lambda: (GOOD, header_for(GOOD, secret="whsec_someone_else")),
    "no signature": lambda: (GOOD, None),
    "a garbled signature header": lambda: (GOOD, "t=abc,v1="),
    "a signed body that is not JSON": lambda: ("not json", header_for("not json")),
    "a signed body that is not an event": lambda: ('["evt"]', header_for('["evt"]')),
    "a body that is not UTF-8": lambda: (b"\xff\xfe", "t=1,v1=00"),
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_a_webhook_that_fails_verification_is_a_400_that_writes_nothing(
    stripe_on, api_client, django_capture_on_commit_callbacks, case
):
    body, header = REJECTED[case]()
    with django_capture_on_commit_callbacks() as enqueued:
        response = post(api_client, body, header)
    assert response.status_code == 400 and response.json()["code"] == "invalid_webhook"
    assert not StripeEvent.objects.exists() and enqueued == []


def test_a_timestamp_within_the_tolerance_is_accepted(stripe_on, api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as enqueued:
        response = post(api_client, GOOD, header_for(GOOD, age_seconds=299))
    assert response.status_code == 200 and response.json() == {"received": True}
    assert StripeEvent.objects.get().stripe_id == "evt_good" and len(enqueued) == 1


def test_without_a_webhook_secret_every_webhook_is_refused(stripe_on, api_client):
    stripe_on.STRIPE_WEBHOOK_SECRET = ""
    response = post(api_client, GOOD, header_for(GOOD, secret=""))
    assert response.status_code == 400 and not StripeEvent.objects.exists()


def test_an_event_delivered_again_is_stored_once_and_not_processed_again(stripe_on, api_client, tasks_run):
    for _ in range(3):
        with tasks_run() as enqueued:
            assert post(api_client, GOOD, header_for(GOOD)).status_code == 200
    stored = StripeEvent.objects.get()
    assert (stored.stripe_id, stored.type, stored.object_id, stored.outcome) == (
        "evt_good",
        "payment_intent.succeeded",
        "pi_x",
        "ignored",
    )
    assert enqueued == []
