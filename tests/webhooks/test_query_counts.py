"""Telling webhooks costs a booking nothing when its clinic has no endpoint for the event (the
subscriptions are cached), and one insert in its savepoint when it has, whatever the number of
endpoints: the payload is built from what the change has loaded."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.booking.models import Appointment
from apps.booking.services.booking import appointment_book
from apps.booking.services.holds import appointment_holds_expire
from apps.booking.services.moves import appointment_reschedule
from apps.care.services.assessments import assessment_submit
from apps.webhooks.models import WebhookDelivery
from apps.webhooks.subscriptions import subscriptions
from tests.care.factories import answers_totalling, book, ready_for_dosing
from tests.care.test_booking_query_counts import CALENDARS, MESSAGES, RECORD, REQUEST, WRITE
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

from .factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

# The plain booking of tests/care/test_booking_query_counts.py (with the replay of its key).
BOOKING = REQUEST + 1 + CALENDARS + WRITE + RECORD + MESSAGES
TUESDAY_1PM = datetime(2026, 2, 3, 20, 0, tzinfo=UTC)  # tests.care.factories.TUESDAY_1PM
MOVE = 16  # a move of the booking above, its statements when no endpoint subscribes
CRISIS_SUBMISSION = 11  # a PHQ-9 with item 9 above zero: the assessment, its alert and messages
EXPIRY = 6  # a hold released by the expiry beat, subscribed to or not
# The deliveries' insert, in a savepoint of its own (SAVEPOINT, INSERT, RELEASE).
DELIVERIES = 3


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
    with django_assert_num_queries(BOOKING + DELIVERIES):
        assert book(patient_client, clinic, "integration", key="k1").status_code == 201
    assert WebhookDelivery.objects.count() == 3


def test_a_cancellation_with_endpoints_costs_one_insert(ready, clinic, patient_client, django_assert_num_queries):
    """The cancellation of tests/care/test_booking_query_counts.py (10), and the deliveries' insert."""
    WebhookEndpointFactory(clinic=clinic, events=["appointment.cancelled"])
    WebhookEndpointFactory(clinic=clinic, events=["appointment.cancelled"])
    appointment_id = book(patient_client, clinic, "integration").json()["id"]
    with django_assert_num_queries(10 + DELIVERIES):
        response = patient_client.post(
            f"/api/v1/appointments/{appointment_id}/transitions", {"status": "cancelled"}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert WebhookDelivery.objects.filter(event_type="appointment.cancelled").count() == 2


@pytest.mark.parametrize(("events", "deliveries"), [(["appointment.cancelled"], 0), (["appointment.moved"], 1)])
def test_a_move_builds_its_payload_from_what_it_loaded(
    ready, clinic, patient, patient_client, events, deliveries, django_assert_num_queries
):
    """The move's own statements, and with an endpoint subscribed only the deliveries' insert: the
    clinic, service and provider the payload names come with the appointment's reload."""
    WebhookEndpointFactory(clinic=clinic, events=events)
    appointment = Appointment.objects.get(pk=book(patient_client, clinic, "integration").json()["id"])
    subscriptions()
    with django_assert_num_queries(MOVE + DELIVERIES * deliveries):
        appointment_reschedule(actor=patient, appointment=appointment, start=appointment.starts_at + timedelta(hours=1))
    assert WebhookDelivery.objects.filter(event_type="appointment.moved").count() == deliveries


@pytest.mark.parametrize("subscribed", [False, True])
def test_an_expiring_hold_is_never_told_and_costs_nothing_more(
    ready, scene, clinic, patient, time_machine, subscribed, django_assert_num_queries
):
    if subscribed:
        WebhookEndpointFactory(clinic=clinic)
    held = appointment_book(
        actor=patient, clinic=clinic, service=scene["integration"], patient=patient, start=TUESDAY_1PM, hold=True
    ).appointment
    subscriptions()
    time_machine.move_to(held.hold_expires_at + timedelta(seconds=1), tick=False)
    with django_assert_num_queries(EXPIRY):
        assert appointment_holds_expire() == 1
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    ("events", "extra"),
    [
        ([], 0),  # no endpoint at all
        (["appointment.cancelled"], 0),  # an endpoint, for another event
        # the patient's clinics, then each event's insert in its savepoint
        (["assessment.submitted", "safety_alert.raised"], 1 + 2 * DELIVERIES),
    ],
)
def test_an_assessment_and_its_safety_alert_cost_nothing_more_without_a_subscription(
    clinic, patient, events, extra, django_assert_num_queries
):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    if events:
        WebhookEndpointFactory(clinic=clinic, events=events)
    subscriptions()
    answers = answers_totalling("phq9", 21, self_harm=2)
    with django_assert_num_queries(CRISIS_SUBMISSION + extra):
        assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=answers)
    assert WebhookDelivery.objects.count() == (2 if extra else 0)
