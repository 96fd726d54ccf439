"""Writes through the whole care pathway cost a fixed number of SQL statements: booking, cancelling
and a series of six. The counts include the savepoint pair that stands in a test for the service's
own transaction (its BEGIN and COMMIT outside a test)."""

import pytest
from django.db import connection

from apps.booking.models import Appointment
from apps.clinics.models import Role
from apps.webhooks.subscriptions import subscriptions
from tests.booking.factories import every_day_hours
from tests.care.factories import book, ready_for_consultation, ready_for_dosing
from tests.care.test_booking_pathway import book_series
from tests.clinics.factories import MembershipFactory, ProviderProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _webhook_subscriptions_cached(db):
    """Which clinics have webhook endpoints is read from the cache (one query per cache lifetime,
    ``apps/webhooks/subscriptions.py``); none here, so a booking tells webhooks at no cost."""
    subscriptions()


# The user with their message choices (the session is read from the cache); the service with its
# clinic; the savepoint pair.
REQUEST = 4
# The providers, their hours, overrides and closures, and the appointments in the way.
CALENDARS = 5
# The appointment's insert (a lost race runs the whole transaction again, so it needs no savepoint).
WRITE = 1
# The patient's link to the clinic, the history, the audit; the unread reading and the reminder
# schedule (for the reminders).
RECORD = 5
# The messages, in one insert (SQLite takes six appointments' in two: its limit on one statement).
MESSAGES = 1
SERIES_MESSAGES = 2 if connection.vendor == "sqlite" else 1


def test_booking_a_session_that_no_gate_guards(scene, clinic, patient, patient_client, django_assert_num_queries):
    """The plain booking (an integration session, as in the load run): 15 statements besides the
    transaction's own pair."""
    ready_for_dosing(patient, clinic)
    patient_client.get("/api/v1/me")
    # The replay of the Idempotency-Key; no gate; no reading assigned for the step.
    with django_assert_num_queries(REQUEST + 1 + CALENDARS + WRITE + RECORD + MESSAGES):
        response = book(patient_client, clinic, "integration", key="integration-1")
    assert response.status_code == 201, response.json()


def test_choosing_among_free_providers_costs_one_query(
    scene, clinic, patient, patient_client, django_assert_num_queries
):
    """Their weights, loads that day and week, and the patient's previous provider, in one read."""
    for _ in range(2):
        provider = ProviderProfileFactory()
        MembershipFactory(clinic=clinic, user=provider.user, role=Role.PROVIDER)
        every_day_hours(provider, clinic)
    ready_for_dosing(patient, clinic)
    patient_client.get("/api/v1/me")
    with django_assert_num_queries(REQUEST + 1 + CALENDARS + 1 + WRITE + RECORD + MESSAGES):
        response = book(patient_client, clinic, "integration", key="integration-1")
    assert response.status_code == 201, response.json()


def test_booking_a_consultation(scene, clinic, patient, patient_client, django_assert_num_queries):
    ready_for_consultation(patient, clinic)
    patient_client.get("/api/v1/me")  # the session is touched on the first request only
    # The replay of the Idempotency-Key; the gates (intake, consents); the reading it assigns (was the
    # intake submitted before the clinic knew the patient? the intake's articles, the consultation's).
    with django_assert_num_queries(REQUEST + 1 + 2 + CALENDARS + WRITE + RECORD + MESSAGES + 3):
        response = book(patient_client, clinic, "consult", key="consult-1")
    assert response.status_code == 201, response.json()


def test_booking_a_dose(scene, clinic, patient, patient_client, django_assert_num_queries):
    ready_for_dosing(patient, clinic)
    patient_client.get("/api/v1/me")
    # The replay; the gates (plan, earlier doses, consents, PHQ-9, escort); the chairs; the escort
    # copied onto the booking and its audit; the first-dose check and its reading.
    with django_assert_num_queries(REQUEST + 1 + 5 + CALENDARS + 1 + WRITE + RECORD + MESSAGES + 3 + 2):
        response = book(patient_client, clinic, "iv", key="dose-1")
    assert response.status_code == 201, response.json()


def test_cancelling(scene, clinic, patient, patient_client, django_assert_num_queries):
    ready_for_dosing(patient, clinic)
    appointment_id = book(patient_client, clinic, "iv").json()["id"]
    # The user with their message choices, the appointment (access), the savepoint pair; the
    # appointment locked with what it names; the update, the audit, the history; the messages ahead
    # cancelled, and the cancellation in one insert.
    with django_assert_num_queries(10):
        response = patient_client.post(
            f"/api/v1/appointments/{appointment_id}/transitions", {"status": "cancelled"}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert Appointment.objects.get().status == "cancelled"


def test_a_series_of_six_costs_about_what_one_booking_does(
    scene, clinic, patient, patient_client, django_assert_num_queries
):
    ready_for_dosing(patient, clinic)
    patient_client.get("/api/v1/me")
    # As one dose booking, with the series' own row and its sessions read for the answer, and the
    # calendars, writes and records made once for all six.
    series, answer = 1, 1
    with django_assert_num_queries(
        REQUEST + 5 + series + CALENDARS + 1 + WRITE + RECORD + SERIES_MESSAGES + 3 + 2 + answer
    ):
        response = book_series(patient_client, clinic)
    assert response.status_code == 201, response.json()
    assert Appointment.objects.filter(series__isnull=False, status="confirmed").count() == 6
