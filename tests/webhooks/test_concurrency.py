"""Two beats claiming at once, each on its own PostgreSQL connection, never send a delivery twice."""

import threading

import pytest
from django.db import connection

from apps.core import clock
from apps.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.clinics.factories import ClinicFactory

from .factories import WebhookEndpointFactory
from .test_delivery import beat

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_beats_at_once_deliver_each_row_exactly_once(receiver, settings):
    settings.WEBHOOK_BATCH_SIZE = 3
    endpoint = WebhookEndpointFactory(clinic=ClinicFactory(), url=receiver.url)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event_type="webhook.test", payload={"n": n}, due_at=clock.now())
        for n in range(24)
    )
    start = threading.Barrier(2)
    sent_by = [[], []]

    def run(index):
        try:
            start.wait()
            while outcomes := beat():
                sent_by[index] += [pk for pk, outcome in outcomes.items() if outcome == "delivered"]
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(sent_by), "both beats took a share"
    assert sorted(sent_by[0] + sent_by[1]) == sorted(delivery.pk for delivery in deliveries)
    ids = [request.headers["webhook-id"] for request in receiver.received]
    assert len(ids) == len(set(ids)) == 24
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.DELIVERED, 1)}
