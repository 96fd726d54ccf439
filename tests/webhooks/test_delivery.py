"""Sending through the outbox to a real receiver on 127.0.0.1: each POST signed (checked with
standardwebhooks' own ``Webhook.verify``), retried on the schedule when the receiver fails or is
slow, never lost while it is down, failed after the schedule and retried by hand, with one
``webhook-id`` throughout; a delivery whose worker died is sent again once its lease runs out."""

import json
import socket
import threading
import time
from datetime import timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from apps.audit.models import AuditAction, AuditEvent
from apps.booking.models import Appointment
from apps.core import clock
from apps.webhooks import delivery as delivery_module
from apps.webhooks import destinations
from apps.webhooks.delivery import deliveries_claim_due, deliveries_send
from apps.webhooks.models import DeliveryStatus, WebhookDelivery
from apps.webhooks.services import delivery_retry
from apps.webhooks.tasks import dispatch_due_webhooks
from celery_app import app as celery_app
from tests.care.factories import book, ready_for_dosing

from .factories import WebhookEndpointFactory
from .receiver import Reply

pytestmark = pytest.mark.django_db


def beat() -> dict:
    """One run of the beat and of the sending task it queues, in this process."""
    token, ids = deliveries_claim_due(batch_size=10)
    return deliveries_send(delivery_ids=ids, claim_token=token) if ids else {}


@pytest.fixture
def endpoint(clinic, receiver):
    return WebhookEndpointFactory(clinic=clinic, url=receiver.url)


@pytest.fixture
def booking(scene, clinic, patient, patient_client, endpoint):
    ready_for_dosing(patient, clinic)
    response = book(patient_client, clinic, "integration")
    assert response.status_code == 201, response.json()
    return Appointment.objects.get(pk=response.json()["id"])


def test_the_receiver_verifies_the_signature_with_standard_webhooks(booking, endpoint, receiver):
    [delivery] = WebhookDelivery.objects.all()
    assert beat() == {delivery.pk: "delivered"}
    [request] = receiver.received
    assert request.path == "/hooks"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["webhook-id"] == f"msg_{delivery.pk.hex}"
    assert request.headers["webhook-timestamp"] == str(int(clock.now().timestamp()))
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload == delivery.payload
    assert payload["type"] == "appointment.booked" and payload["data"]["appointment_id"] == str(booking.pk)
    with pytest.raises(Exception, match="No matching signature"):
        Webhook(WebhookEndpointFactory().secret).verify(request.body, request.headers)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 204)
    assert delivery.delivered_at == clock.now() and delivery.claim_token is None
    assert beat() == {}  # delivered once
    disclosure = AuditEvent.objects.get(object_type="webhooks.webhookdelivery")
    assert (disclosure.action, disclosure.patient_id, disclosure.via) == (
        AuditAction.EXPORT,
        booking.patient_id,
        f"webhook:{endpoint.pk}",
    )


def test_the_beat_task_sends_what_it_claimed_once_the_claim_commits(
    booking, receiver, django_capture_on_commit_callbacks
):
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert dispatch_due_webhooks() == 1
    finally:
        celery_app.conf.task_always_eager = previous
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_receiver_answering_500_is_retried_and_the_booking_stands(booking, receiver, time_machine):
    receiver.answer(Reply(500, body=b"Internal\x00error\n<html>" + b"x" * 500))
    [delivery] = WebhookDelivery.objects.all()
    assert beat() == {delivery.pk: "retry"}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.last_error.startswith("HTTP 500: Internal error <html>xxx")
    assert len(delivery.last_error) == len("HTTP 500: ") + 120
    assert delivery.due_at == clock.now() + timedelta(seconds=5)
    booking.refresh_from_db()
    assert booking.status == "confirmed"

    assert beat() == {}  # not due yet
    time_machine.shift(timedelta(seconds=5))
    assert beat() == {delivery.pk: "delivered"}
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == f"msg_{delivery.pk.hex}"
    assert first.body == second.body
    assert int(second.headers["webhook-timestamp"]) == int(first.headers["webhook-timestamp"]) + 5


def test_a_receiver_that_times_out_is_retried(booking, receiver, time_machine, settings):
    settings.WEBHOOK_READ_TIMEOUT_SECONDS = 0.2
    receiver.answer(Reply(200, delay_seconds=1.0))
    [delivery] = WebhookDelivery.objects.all()
    assert beat() == {delivery.pk: "retry"}
    delivery.refresh_from_db()
    assert (delivery.last_error, delivery.last_status_code) == ("The endpoint did not answer in time.", None)
    time_machine.shift(timedelta(seconds=5))
    assert beat() == {delivery.pk: "delivered"}


def test_redirects_are_not_followed(booking, receiver):
    receiver.answer(Reply(302))
    [delivery] = WebhookDelivery.objects.all()
    assert beat() == {delivery.pk: "retry"}
    assert len(receiver.received) == 1


def test_an_endpoint_nobody_listens_on_is_retried(clinic, scene, time_machine):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    endpoint = WebhookEndpointFactory(clinic=clinic, url=f"http://127.0.0.1:{port}/hooks")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="webhook.test", payload={}, due_at=clock.now()
    )
    assert beat() == {delivery.pk: "retry"}
    delivery.refresh_from_db()
    assert delivery.last_error == "Could not connect: ConnectionError."


def test_a_receiver_down_for_an_hour_loses_nothing(booking, receiver, time_machine):
    """Down (503) for the first hour: the first four attempts (within 36 minutes) fail, the next,
    2 h later, delivers. The beat runs every 30 seconds through three hours."""
    receiver.answer(*[Reply(503)] * 4)
    [delivery] = WebhookDelivery.objects.all()
    started = clock.now()
    outcomes = []
    interval = timedelta(seconds=30)
    while clock.now() < started + timedelta(hours=3):
        outcomes += beat().values()
        time_machine.shift(interval)
    assert outcomes == ["retry"] * 4 + ["delivered"]
    delivery.refresh_from_db()
    assert delivery.attempts == 5
    assert started + timedelta(hours=2) < delivery.delivered_at < started + timedelta(hours=3)
    assert {request.headers["webhook-id"] for request in receiver.received} == {f"msg_{delivery.pk.hex}"}


def test_after_the_whole_schedule_a_delivery_fails_and_is_retried_by_hand(booking, receiver, time_machine, settings):
    schedule = settings.WEBHOOK_RETRY_SCHEDULE_SECONDS
    assert sum(schedule) > 24 * 3600
    receiver.answer(*[Reply(500)] * (len(schedule) + 1))
    [delivery] = WebhookDelivery.objects.all()
    for wait in schedule:
        assert beat() == {delivery.pk: "retry"}
        time_machine.shift(timedelta(seconds=wait))
    assert beat() == {delivery.pk: "failed"}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", len(schedule) + 1, "HTTP 500")
    time_machine.shift(timedelta(days=1))
    assert beat() == {}

    delivery_retry(actor=None, delivery=delivery)
    assert beat() == {delivery.pk: "delivered"}
    assert len(receiver.received) == len(schedule) + 2
    assert {request.headers["webhook-id"] for request in receiver.received} == {f"msg_{delivery.pk.hex}"}
    assert {request.body for request in receiver.received} == {receiver.received[0].body}


def test_a_delivery_whose_worker_died_is_sent_once_its_lease_runs_out(booking, receiver, time_machine, settings):
    dead_token, ids = deliveries_claim_due(batch_size=10)  # ...and the worker dies before sending
    [delivery] = WebhookDelivery.objects.all()
    assert ids == [delivery.pk]
    assert beat() == {}  # still leased
    time_machine.shift(timedelta(seconds=settings.WEBHOOK_CLAIM_LEASE_SECONDS + 1))
    token, ids = deliveries_claim_due(batch_size=10)
    assert ids == [delivery.pk]
    # The dead worker's task, redelivered late, finds its lease taken over and sends nothing.
    assert deliveries_send(delivery_ids=ids, claim_token=dead_token) == {delivery.pk: "not_claimed"}
    assert deliveries_send(delivery_ids=ids, claim_token=token) == {delivery.pk: "delivered"}
    assert deliveries_send(delivery_ids=ids, claim_token=token) == {delivery.pk: "not_claimed"}
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2


def test_a_paused_endpoints_deliveries_wait_for_it(booking, endpoint, receiver):
    endpoint.is_active = False
    endpoint.save()
    assert beat() == {}
    endpoint.is_active = True
    endpoint.save()
    assert list(beat().values()) == ["delivered"]
    assert json.loads(receiver.received[0].body)["type"] == "appointment.booked"


def test_the_post_goes_to_the_address_that_was_checked(clinic, receiver, settings, monkeypatch):
    """DNS rebinding: the name answers a checked address once, then an internal one. The name is
    looked up once, and the POST connects to the address checked, as the name (its Host header)."""
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    port = receiver.url.split(":")[2].split("/")[0]
    answers = iter(["127.0.0.1", "169.254.169.254"])
    lookups = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "hooks.rebind.test":
            return real(host, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    # The receiver stands in for a public host: 127.0.0.1 is the address the check approves here.
    monkeypatch.setattr(destinations, "_is_public", lambda address: address == "127.0.0.1")
    endpoint = WebhookEndpointFactory(clinic=clinic, url=f"http://hooks.rebind.test:{port}/hooks?x=1")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="webhook.test", payload={}, due_at=clock.now()
    )
    assert beat() == {delivery.pk: "delivered"}
    assert lookups == ["hooks.rebind.test"]
    [request] = receiver.received
    assert (request.path, request.headers["host"]) == ("/hooks?x=1", f"hooks.rebind.test:{port}")


def test_a_name_whose_lookup_hangs_is_an_attempt_bounded_by_the_connect_timeout(clinic, settings, monkeypatch):
    settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS = 0.2
    real = socket.getaddrinfo
    released = threading.Event()

    def hanging(host, *args, **kwargs):
        if host == "slow.dns.test":
            released.wait(5)
        return real("127.0.0.1", *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    endpoint = WebhookEndpointFactory(clinic=clinic, url="http://slow.dns.test/hooks")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="webhook.test", payload={}, due_at=clock.now()
    )
    started = time.monotonic()
    assert beat() == {delivery.pk: "retry"}
    released.set()
    assert time.monotonic() - started < 2
    delivery.refresh_from_db()
    assert delivery.last_error == "The URL's host could not be found."


def test_a_bad_port_found_at_send_time_is_a_failed_attempt(clinic, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    endpoint = WebhookEndpointFactory(clinic=clinic, url="https://example.com:99999/")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="webhook.test", payload={}, due_at=clock.now()
    )
    assert beat() == {delivery.pk: "retry"}
    delivery.refresh_from_db()
    assert delivery.last_error == "The URL's host or port is not valid."


def test_a_row_whose_send_raises_fails_alone_and_the_batch_goes_on(clinic, receiver, monkeypatch, caplog):
    broken = WebhookEndpointFactory(clinic=clinic, url=receiver.url + "/broken")
    working = WebhookEndpointFactory(clinic=clinic, url=receiver.url)
    real = delivery_module.destination_resolve

    def resolve(url):
        if url.endswith("/broken"):
            raise KeyError("a bug, with a patient's details in its message")
        return real(url)

    monkeypatch.setattr(delivery_module, "destination_resolve", resolve)
    first = WebhookDelivery.objects.create(endpoint=broken, event_type="webhook.test", payload={}, due_at=clock.now())
    second = WebhookDelivery.objects.create(endpoint=working, event_type="webhook.test", payload={}, due_at=clock.now())
    assert beat() == {first.pk: "retry", second.pk: "delivered"}
    first.refresh_from_db()
    assert (first.status, first.last_error) == (DeliveryStatus.PENDING, "Could not send: KeyError.")
    assert "patient" not in caplog.text and "KeyError" in caplog.text


def test_a_batch_that_outlives_its_lease_never_sends_a_row_claimed_since(
    clinic, receiver, monkeypatch, time_machine, settings
):
    """The batch starts late (60% of its lease gone), and its first POST takes half a lease: the second
    row's lease runs out and another worker claims it. The first row was renewed just before its POST,
    so it is still leased; the renewal of the second matches nothing, so it is sent once, by the other
    worker."""
    time_machine.move_to(clock.now(), tick=False)
    endpoint = WebhookEndpointFactory(clinic=clinic, url=receiver.url)
    first, second = (
        WebhookDelivery.objects.create(
            endpoint=endpoint, event_type="webhook.test", payload={}, due_at=clock.now() - timedelta(seconds=age)
        )
        for age in (2, 1)
    )
    token, ids = deliveries_claim_due(batch_size=10)
    assert ids == [first.pk, second.pk]
    lease = settings.WEBHOOK_CLAIM_LEASE_SECONDS
    time_machine.shift(timedelta(seconds=lease * 0.6))
    real_post = delivery_module._post
    taken_over = {}

    def slow_post(delivery):
        attempt = real_post(delivery)
        if not taken_over:
            time_machine.shift(timedelta(seconds=lease * 0.5))
            taken_over["token"], taken_over["ids"] = deliveries_claim_due(batch_size=10)
        return attempt

    monkeypatch.setattr(delivery_module, "_post", slow_post)
    outcomes = deliveries_send(delivery_ids=ids, claim_token=token)
    assert taken_over["ids"] == [second.pk]
    assert outcomes == {first.pk: "delivered", second.pk: "not_claimed"}
    assert len(receiver.received) == 1
    assert deliveries_send(delivery_ids=taken_over["ids"], claim_token=taken_over["token"]) == {second.pk: "delivered"}
    assert len(receiver.received) == 2
