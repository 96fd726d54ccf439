"""Each event fires from the real services, with exactly the payload's keys and never health content
(answers, scores); a change that rolls back leaves nothing to send."""

import json
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection, transaction

from apps.booking.models import Appointment, AppointmentStatus
from apps.booking.services.booking import appointment_book
from apps.booking.services.holds import appointment_confirm_paid, appointment_holds_expire
from apps.booking.services.moves import appointment_reschedule
from apps.booking.services.status import appointment_transition
from apps.care import events as care_events
from apps.care.models import Assessment, SafetyAlert
from apps.care.services.assessments import assessment_submit
from apps.webhooks.models import WebhookDelivery
from tests.care.factories import answers_totalling, book, clinic_provider, ready_for_dosing
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

from .factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

TUESDAY_1PM = datetime(2026, 2, 3, 20, 0, tzinfo=UTC)  # tests.care.factories.TUESDAY_1PM
APPOINTMENT_KEYS = {
    "appointment_id",
    "clinic",
    "status",
    "starts_at",
    "ends_at",
    "service",
    "provider_id",
    "patient_id",
}


def payloads(event_type: str) -> list[dict]:
    return [delivery.payload for delivery in WebhookDelivery.objects.filter(event_type=event_type)]


def only_payload(event_type: str) -> dict:
    [payload] = payloads(event_type)
    assert set(payload) == {"type", "timestamp", "data"}
    assert payload["type"] == event_type
    return payload["data"]


@pytest.fixture
def endpoint(clinic):
    return WebhookEndpointFactory(clinic=clinic)


@pytest.fixture
def booked(scene, clinic, patient, patient_client, endpoint):
    ready_for_dosing(patient, clinic)
    response = book(patient_client, clinic, "integration")
    assert response.status_code == 201, response.json()
    return Appointment.objects.get(pk=response.json()["id"])


def test_booking_tells_appointment_booked(booked, clinic, patient, endpoint):
    data = only_payload("appointment.booked")
    assert set(data) == APPOINTMENT_KEYS
    assert data == {
        "appointment_id": str(booked.pk),
        "clinic": clinic.slug,
        "status": "confirmed",
        "starts_at": "2026-02-03T20:00:00+00:00",
        "ends_at": booked.ends_at.isoformat(),
        "service": "integration",
        "provider_id": str(booked.provider.user_id),
        "patient_id": str(patient.pk),
    }
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.status, delivery.patient_id) == (endpoint, "pending", patient.pk)


def test_moving_tells_appointment_moved(booked, patient):
    appointment_reschedule(actor=patient, appointment=booked, start=booked.starts_at + timedelta(hours=1))
    data = only_payload("appointment.moved")
    assert set(data) == APPOINTMENT_KEYS
    assert (data["appointment_id"], data["starts_at"]) == (str(booked.pk), "2026-02-03T21:00:00+00:00")


@pytest.mark.parametrize(
    ("steps", "event_type"),
    [
        ([AppointmentStatus.CANCELLED], "appointment.cancelled"),
        ([AppointmentStatus.CHECKED_IN], "appointment.checked_in"),
        ([AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED], "appointment.completed"),
        ([AppointmentStatus.NO_SHOW], "appointment.no_show"),
    ],
)
def test_status_changes_tell_their_event(booked, clinic, time_machine, steps, event_type):
    staff = clinic_provider(clinic)
    time_machine.move_to(booked.starts_at + timedelta(minutes=5), tick=False)
    for status in steps:
        appointment_transition(actor=staff, appointment=booked, to_status=status, reason="The clinic closed.")
    data = only_payload(event_type)
    assert set(data) == APPOINTMENT_KEYS
    assert data["status"] == steps[-1]


def hold(scene, clinic, patient) -> Appointment:
    return appointment_book(
        actor=patient, clinic=clinic, service=scene["integration"], patient=patient, start=TUESDAY_1PM, hold=True
    ).appointment


def test_a_hold_is_told_once_it_is_confirmed_by_its_payment(scene, clinic, patient, endpoint):
    """Receivers hear of an appointment when it is confirmed: a hold is not one yet."""
    ready_for_dosing(patient, clinic)
    held = hold(scene, clinic, patient)
    appointment_reschedule(actor=patient, appointment=held, start=held.starts_at + timedelta(hours=1))
    assert not WebhookDelivery.objects.exists()
    assert appointment_confirm_paid(appointment=held) is True
    data = only_payload("appointment.booked")
    assert set(data) == APPOINTMENT_KEYS
    assert (data["appointment_id"], data["status"]) == (str(held.pk), "confirmed")
    assert data["starts_at"] == "2026-02-03T21:00:00+00:00"


def test_a_hold_confirmed_by_a_person_is_told_as_booked(scene, clinic, patient, endpoint):
    ready_for_dosing(patient, clinic)
    held = hold(scene, clinic, patient)
    appointment_transition(actor=patient, appointment=held, to_status=AppointmentStatus.CONFIRMED)
    assert only_payload("appointment.booked")["status"] == "confirmed"


def test_a_hold_that_expires_or_is_cancelled_is_never_told(scene, clinic, patient, endpoint, time_machine):
    ready_for_dosing(patient, clinic)
    expiring = hold(scene, clinic, patient)
    time_machine.move_to(expiring.hold_expires_at + timedelta(seconds=1), tick=False)
    assert appointment_holds_expire() == 1
    expiring.refresh_from_db()
    assert expiring.status == AppointmentStatus.CANCELLED
    cancelled = hold(scene, clinic, patient)
    appointment_transition(actor=patient, appointment=cancelled, to_status=AppointmentStatus.CANCELLED)
    assert not WebhookDelivery.objects.exists()


def test_a_submitted_questionnaire_tells_its_ids_and_instrument_only(clinic, patient, endpoint):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    other_clinic = ClinicFactory()
    ClinicPatientFactory(clinic=other_clinic, patient=patient)  # no endpoint there: nothing for it
    assessment_submit(actor=patient, patient=patient, instrument="gad7", answers=answers_totalling("gad7", 17))
    assessment = Assessment.objects.get()
    data = only_payload("assessment.submitted")
    assert data == {
        "assessment_id": str(assessment.pk),
        "clinic": clinic.slug,
        "instrument": "gad7",
        "patient_id": str(patient.pk),
    }
    assert_no_health_content(assessment)


def test_a_safety_alert_tells_ids_only(clinic, patient, endpoint):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    answers = answers_totalling("phq9", 21, self_harm=2)
    assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=answers)
    alert = SafetyAlert.objects.get()
    data = only_payload("safety_alert.raised")
    assert data == {
        "safety_alert_id": str(alert.pk),
        "clinic": clinic.slug,
        "assessment_id": str(alert.assessment_id),
        "patient_id": str(patient.pk),
    }
    assert_no_health_content(alert.assessment)


def assert_no_health_content(assessment: Assessment) -> None:
    """Beyond the exact data above: nothing anywhere in the body names the answers or the result."""
    for delivery in WebhookDelivery.objects.all():
        text = json.dumps(delivery.payload)
        for word in ("answer", "score", "severity", "reason", json.dumps(assessment.answers)):
            assert word not in text


def test_only_subscribed_active_endpoints_of_the_clinic_get_the_event(scene, clinic, patient, patient_client):
    subscribed = WebhookEndpointFactory(clinic=clinic, events=["appointment.booked"])
    WebhookEndpointFactory(clinic=clinic, events=["appointment.cancelled"])
    WebhookEndpointFactory(clinic=clinic, is_active=False)
    WebhookEndpointFactory(clinic=ClinicFactory(organization=clinic.organization))
    ready_for_dosing(patient, clinic)
    assert book(patient_client, clinic, "integration").status_code == 201
    assert [delivery.endpoint for delivery in WebhookDelivery.objects.all()] == [subscribed]


def test_a_booking_that_rolls_back_leaves_nothing_to_send(scene, clinic, patient, endpoint):
    ready_for_dosing(patient, clinic)
    with pytest.raises(RuntimeError), transaction.atomic():
        appointment_book(actor=patient, clinic=clinic, service=scene["integration"], patient=patient, start=TUESDAY_1PM)
        assert WebhookDelivery.objects.count() == 1  # written with the booking...
        raise RuntimeError("the request fails after booking")
    assert not Appointment.objects.exists()
    assert not WebhookDelivery.objects.exists()  # ...and undone with it


def test_the_cache_being_down_costs_a_query_never_an_event(scene, clinic, patient, patient_client, endpoint):
    ready_for_dosing(patient, clinic)
    with mock.patch("apps.webhooks.subscriptions.cache.get", side_effect=ConnectionError("cache down")):
        assert book(patient_client, clinic, "integration").status_code == 201
    assert only_payload("appointment.booked")["clinic"] == clinic.slug


def raising_listener(**moment):
    raise RuntimeError("a listener's bug")


def test_a_listener_that_raises_never_undoes_an_assessment_or_its_safety_alert(clinic, patient, endpoint, caplog):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    answers = answers_totalling("phq9", 21, self_harm=2)
    hooks = (care_events.assessment_submitted_listeners, care_events.safety_alerts_raised_listeners)
    with hooks[0].replaced([raising_listener, *hooks[0].all()]), hooks[1].replaced([raising_listener, *hooks[1].all()]):
        submission = assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=answers)
    assert submission.crisis["care_team_notified"] is True
    assert SafetyAlert.objects.get().assessment == Assessment.objects.get() == submission.assessment
    # The listeners after the one that failed were told all the same.
    assert {delivery.event_type for delivery in WebhookDelivery.objects.all()} == {
        "assessment.submitted",
        "safety_alert.raised",
    }
    assert "RuntimeError" in caplog.text and "bug" not in caplog.text


def test_deliveries_that_cannot_be_written_never_undo_an_assessment_or_its_safety_alert(
    clinic, patient, endpoint, caplog
):
    """A real failed statement (on PostgreSQL it would doom the transaction without the outbox's
    savepoint), from the webhooks' own listeners: the crisis path stands, and nothing is sent."""
    ClinicPatientFactory(clinic=clinic, patient=patient)

    def failing_insert(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO no_such_table VALUES (1)")

    with mock.patch.object(WebhookDelivery.objects, "bulk_create", failing_insert):
        submission = assessment_submit(
            actor=patient, patient=patient, instrument="phq9", answers=answers_totalling("phq9", 21, self_harm=2)
        )
    assert submission.crisis["care_team_notified"] is True
    assert SafetyAlert.objects.filter(assessment=submission.assessment).exists()
    assert not WebhookDelivery.objects.exists()
    assert "could not record its event" in caplog.text


def test_a_booking_stands_when_its_deliveries_cannot_be_written(scene, clinic, patient, patient_client, endpoint):
    ready_for_dosing(patient, clinic)
    with mock.patch.object(WebhookDelivery.objects, "bulk_create", side_effect=RuntimeError("broken")):
        assert book(patient_client, clinic, "integration").status_code == 201
    assert Appointment.objects.get().status == AppointmentStatus.CONFIRMED
    assert not WebhookDelivery.objects.exists()
