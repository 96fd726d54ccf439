"""localstripe's own webhook deliveries (signed by it with the endpoint's secret) reach the portal's
endpoint and pass its verification: what the demo with the fake relies on."""

import time

import pytest
import requests

from apps.payments.models import StripeEvent
from celery_app import app as celery_app

from .conftest import WEBHOOK_SECRET

pytestmark = [pytest.mark.localstripe, pytest.mark.django_db(transaction=True)]

DELIVERY_WAIT_SECONDS = 20  # localstripe waits a second before it sends


@pytest.fixture
def webhooks_to(localstripe):
    """Point localstripe's webhook at a URL for one test, then at no event type at all."""
    configure = f"{localstripe}/_config/webhooks/portal"

    def register(url):
        requests.post(configure, data={"url": url, "secret": WEBHOOK_SECRET}, timeout=10).raise_for_status()

    yield register
    requests.post(
        configure, data={"url": "http://127.0.0.1:9", "secret": WEBHOOK_SECRET, "events[]": "none"}, timeout=10
    ).raise_for_status()


def test_events_sent_by_localstripe_are_verified_and_stored(stripe_on, live_server, webhooks_to, sdk):
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        webhooks_to(f"{live_server.url}/api/v1/payments/stripe/webhook")
        customer = sdk.v1.customers.create(params={"metadata": {"portal_customer": "not-ours"}})
        deadline = time.monotonic() + DELIVERY_WAIT_SECONDS
        arrived = StripeEvent.objects.filter(type="customer.created", object_id=customer.id, processed_at__isnull=False)
        while not arrived.exists():
            assert time.monotonic() < deadline, "localstripe's webhook did not arrive"
            time.sleep(0.2)
    finally:
        celery_app.conf.task_always_eager = previous
    assert StripeEvent.objects.get(object_id=customer.id).outcome == "ignored"
