"""Telling webhooks costs a booking nothing when its clinic has no endpoint for the event (the
subscriptions are cached), and one insert when it has, whatever the number of endpoints."""

import pytest

from apps.webhooks.models import WebhookDelivery
from apps.webhooks.subscriptions import subscriptions
from tests.care.factories import book, ready_for_dosing
from tests.care.test_booking_query_counts import CALENDARS, MESSAGES, RECORD, REQUEST, WRITE
from tests.clinics.factories import ClinicFactory

from .factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

# The plain booking of tests/care/test_booking_query_counts.py (with the replay of its key).
BOOKING = REQUEST + 1 + CALENDARS + WRITE + RECORD + MESSAGES


@pytest.fixture
def ready(scene, clinic, patient, patient_client):
    ready_for_dosing(patient, clinic)
    patient_client.get("/api/v1/me")


def test_a_booking_at_a_clinic_without_endpoints_costs_what_it_did(
    ready, clinic, patient_client, django_assert_num_queries
):
    WebhookEndpointFactory(clinic=ClinicFactory())  # another clinic's
    WebhookEndpointFactory(clinic=clinic, events=["appointment.cancelled"])  # another event
    subscriptions()
    with django_assert_num_queries(BOOKING):
        assert book(patient_client, clinic, "integration", key="k1").status_code == 201
    assert not WebhookDelivery.objects.exists()


def test_the_subscriptions_are_read_once_per_cache_lifetime(ready, clinic, patient_client, django_assert_num_queries):
    with django_assert_num_queries(BOOKING + 1):
        assert book(patient_client, clinic, "integration", key="k1").status_code == 201


def test_a_booking_with_endpoints_costs_one_insert(ready, clinic, patient_client, django_assert_num_queries):
    for _ in range(3):
        WebhookEndpointFactory(clinic=clinic)
    subscriptions()
    with django_assert_num_queries(BOOKING + 1):
        assert book(patient_client, clinic, "integration", key="k1").status_code == 201
    assert WebhookDelivery.objects.count() == 3


def test_a_cancellation_with_endpoints_costs_one_insert(ready, clinic, patient_client, django_assert_num_queries):
    """The cancellation of tests/care/test_booking_query_counts.py (10), and the deliveries' insert."""
    WebhookEndpointFactory(clinic=clinic, events=["appointment.cancelled"])
    WebhookEndpointFactory(clinic=clinic, events=["appointment.cancelled"])
    appointment_id = book(patient_client, clinic, "integration").json()["id"]
    with django_assert_num_queries(10 + 1):
        response = patient_client.post(
            f"/api/v1/appointments/{appointment_id}/transitions", {"status": "cancelled"}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert WebhookDelivery.objects.filter(event_type="appointment.cancelled").count() == 2
