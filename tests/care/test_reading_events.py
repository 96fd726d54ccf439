"""The education hooks: each event of a patient's care assigns its reading once, from the service where
it happens, with the clinic and the appointment the reading prepares for; replays and retries do not
report it again."""

from datetime import datetime, timedelta

import pytest

from apps.care.services.sessions import session_record_complete
from apps.education.models import ReadingAssignment
from tests.booking.factories import AppointmentFactory
from tests.care.factories import (
    COMPLETE_ANSWERS,
    NOW,
    TUESDAY_1PM,
    book,
    clinic_provider,
    ready_for_consultation,
    ready_for_dosing,
    sign_consents,
    write_session_record,
)
from tests.clinics.factories import ClinicPatientFactory
from tests.education.factories import ReadingRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(reading_hook):
    """Every call of the education hook, as (event, clinic, due_at), while the real hook runs."""
    return lambda: [
        (call.kwargs["event"], call.kwargs["clinic"], call.kwargs["due_at"]) for call in reading_hook.mock_calls
    ]


def start(text):
    return datetime.fromisoformat(text)


# --- Intake and consultation ---------------------------------------------------------------------


def test_submitting_the_intake_reports_it_to_the_clinics_that_know_the_patient(
    scene, clinic, patient, patient_client, reported
):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    rule = ReadingRuleFactory(event="intake_submitted", article__organization=clinic.organization)
    patient_client.patch("/api/v1/intake", COMPLETE_ANSWERS, format="json")
    assert patient_client.post("/api/v1/intake/submission").status_code == 200
    assert patient_client.post("/api/v1/intake/submission").status_code == 409
    assert reported() == [("intake_submitted", clinic, None)]
    assert ReadingAssignment.objects.get(patient=patient).article == rule.article


def test_a_patient_no_clinic_knew_gets_the_intake_reading_when_booking_the_consultation(
    scene, clinic, patient, patient_client, reported
):
    patient_client.patch("/api/v1/intake", COMPLETE_ANSWERS, format="json")
    patient_client.post("/api/v1/intake/submission")
    assert reported() == []
    sign_consents(patient, clinic.organization, ["privacy", "financial"])
    ReadingRuleFactory(event="intake_submitted", article__organization=clinic.organization)
    assert book(patient_client, clinic, "consult").status_code == 201
    consultation_start = start(TUESDAY_1PM)
    assert reported() == [
        ("intake_submitted", clinic, consultation_start),
        ("consultation_booked", clinic, consultation_start),
    ]
    assert ReadingAssignment.objects.get(patient=patient).due_at == consultation_start


def test_a_patient_the_clinic_knew_before_submitting_is_not_given_the_intake_reading_twice(
    scene, clinic, patient, patient_client, reported, time_machine
):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    time_machine.move_to(NOW + timedelta(minutes=5), tick=False)
    ready_for_consultation(patient, clinic)
    book(patient_client, clinic, "consult")
    assert [event for event, _, _ in reported()] == ["consultation_booked"]


def test_a_consultation_is_reported_once_even_when_the_request_is_retried(
    scene, clinic, patient, patient_client, reported
):
    ready_for_consultation(patient, clinic)
    first = book(patient_client, clinic, "consult", key="consult-1")
    retry = book(patient_client, clinic, "consult", key="consult-1")
    assert (first.status_code, retry["Idempotent-Replayed"]) == (201, "true")
    assert [event for event, _, _ in reported()] == ["intake_submitted", "consultation_booked"]


def test_a_hold_is_reported_when_it_is_confirmed_not_before(scene, clinic, patient, patient_client, reported):
    ready_for_consultation(patient, clinic)  # submitted before the clinic knew the patient
    held = book(patient_client, clinic, "consult", hold=True).json()
    assert reported() == []
    patient_client.post(f"/api/v1/appointments/{held['id']}/transitions", {"status": "confirmed"}, format="json")
    assert [event for event, _, _ in reported()] == ["intake_submitted", "consultation_booked"]


# --- Dosing ----------------------------------------------------------------------------------------


def test_the_first_dosing_session_is_reported_once_due_before_it_for_a_series_too(
    scene, clinic, patient, patient_client, reported
):
    ready_for_dosing(patient, clinic)
    sessions = [{"start": f"2026-02-{day:02d}T20:00:00Z"} for day in (3, 6, 10)]
    body = {"clinic": clinic.slug, "service": "iv", "sessions": sessions, "will_not_drive": True}
    assert patient_client.post("/api/v1/series", body, format="json").status_code == 201
    assert book(patient_client, clinic, "iv", "2026-02-12T20:00:00Z").status_code == 201
    assert reported() == [("first_dosing_booked", clinic, start("2026-02-03T20:00:00Z"))]


def test_after_the_only_dosing_session_is_cancelled_the_next_booking_is_the_first_again(
    scene, clinic, patient, patient_client, reported
):
    ready_for_dosing(patient, clinic)
    first = book(patient_client, clinic, "iv").json()["id"]
    patient_client.post(f"/api/v1/appointments/{first}/transitions", {"status": "cancelled"}, format="json")
    book(patient_client, clinic, "iv", "2026-02-05T20:00:00Z")
    assert reported() == [
        ("first_dosing_booked", clinic, start(TUESDAY_1PM)),
        ("first_dosing_booked", clinic, start("2026-02-05T20:00:00Z")),
    ]


def test_boosters_integration_sessions_and_refused_bookings_report_nothing(
    scene, clinic, patient, patient_client, reported
):
    assert book(patient_client, clinic, "iv").status_code == 409
    ready_for_dosing(patient, clinic)
    book(patient_client, clinic, "booster")
    book(patient_client, clinic, "integration", "2026-02-05T20:00:00Z")
    assert reported() == []


# --- Completed sessions and maintenance --------------------------------------------------------------


def test_each_completed_session_and_the_start_of_maintenance_are_reported_once(
    scene, clinic, patient, reported, time_machine
):
    plan = ready_for_dosing(patient, clinic)
    plan.induction_sessions = 2
    plan.save()
    provider = clinic_provider(clinic)
    first = AppointmentFactory(service=scene["iv"], patient=patient, starts_at=NOW + timedelta(days=1))
    second = AppointmentFactory(service=scene["iv"], patient=patient, starts_at=NOW + timedelta(days=3))
    upcoming = AppointmentFactory(service=scene["integration"], patient=patient, starts_at=NOW + timedelta(days=9))
    ReadingRuleFactory(event="session_completed", article__organization=clinic.organization)
    for appointment in (first, second):
        time_machine.move_to(appointment.recovery_ends_at + timedelta(minutes=5), tick=False)
        appointment.status = "checked_in"
        appointment.save()
        write_session_record(appointment, provider)
        session_record_complete(actor=provider, appointment=appointment)
        session_record_complete(actor=provider, appointment=appointment)  # a retry
    # Each due before the next appointment at the clinic: after the first session, the second.
    assert reported() == [
        ("session_completed", clinic, second.starts_at),
        ("session_completed", clinic, upcoming.starts_at),
        ("maintenance_started", clinic, upcoming.starts_at),
    ]
    assert ReadingAssignment.objects.get(patient=patient).due_at == upcoming.starts_at
