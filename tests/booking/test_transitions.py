"""Status changes along the transition table, the cancellation window, and moves that keep history."""

from datetime import datetime

import pytest

from apps.booking.models import Appointment, AppointmentStatus
from apps.booking.services.status import ALLOWED_TRANSITIONS
from tests.accounts.factories import PatientFactory

from .factories import AppointmentFactory, ChairFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

Status = AppointmentStatus
TUESDAY_1PM = datetime.fromisoformat("2026-02-03T13:00-07:00")


@pytest.fixture
def appointment(denver, consultation, provider_at, denver_patient):
    return AppointmentFactory(
        service=consultation, provider=provider_at(denver), patient=denver_patient, starts_at=TUESDAY_1PM
    )


def transition(client, appointment, status, reason=""):
    return client.post(
        f"/api/v1/appointments/{appointment.pk}/transitions", {"status": status, "reason": reason}, format="json"
    )


def move(client, appointment, start, **fields):
    return client.patch(f"/api/v1/appointments/{appointment.pk}", {"start": start, **fields}, format="json")


ILLEGAL = [
    (current, target)
    for current in Status.values
    for target in Status.values
    if target not in ALLOWED_TRANSITIONS[current]
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_transition_outside_the_table_is_refused_with_a_clear_409(
    clock, appointment, staff_client_for, denver, current, target
):
    Appointment.objects.filter(pk=appointment.pk).update(status=current, hold_expires_at=appointment.starts_at)
    response = transition(staff_client_for(denver), appointment, target, reason="test")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert body["status"] == current and body["allowed"] == sorted(ALLOWED_TRANSITIONS[current])
    assert Status(current).label.lower() in body["message"]
    appointment.refresh_from_db()
    assert appointment.status == current


def test_an_unknown_status_is_a_400(clock, appointment, staff_client_for, denver):
    response = transition(staff_client_for(denver), appointment, "teleported")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["status"]


def test_the_clinic_walks_an_appointment_through_check_in_to_completed_with_history(
    clock, appointment, staff_client_for, denver, client_for, denver_patient
):
    desk = staff_client_for(denver, role="front_desk")
    too_early = transition(desk, appointment, "checked_in")
    assert too_early.status_code == 409 and too_early.json()["code"] == "not_yet"
    assert too_early.json()["opens_at"] == "2026-02-03T19:00:00+00:00"

    clock.move_to(datetime.fromisoformat("2026-02-03T12:30-07:00"), tick=False)
    desk = staff_client_for(denver, role="front_desk")
    assert transition(desk, appointment, "checked_in").json()["status"] == "checked_in"
    not_started = transition(desk, appointment, "completed")
    assert not_started.status_code == 409 and not_started.json()["code"] == "not_yet"
    clock.move_to(datetime.fromisoformat("2026-02-03T14:00-07:00"), tick=False)
    assert transition(staff_client_for(denver), appointment, "completed").json()["status"] == "completed"

    history = client_for(denver_patient).get(f"/api/v1/appointments/{appointment.pk}/events").json()
    assert [(event["from_status"], event["to_status"], event["by"]) for event in history] == [
        ("confirmed", "checked_in", "clinic"),
        ("checked_in", "completed", "clinic"),
    ]


def test_no_show_only_once_the_appointment_has_started(clock, appointment, staff_client_for, denver):
    early = transition(staff_client_for(denver), appointment, "no_show")
    assert early.status_code == 409 and early.json()["code"] == "not_yet"
    clock.move_to(datetime.fromisoformat("2026-02-03T13:20-07:00"), tick=False)
    assert transition(staff_client_for(denver), appointment, "no_show").json()["status"] == "no_show"


@pytest.mark.parametrize("status", ["checked_in", "no_show"])
def test_a_patient_cannot_do_the_clinics_transitions(clock, appointment, client_for, denver_patient, status):
    response = transition(client_for(denver_patient), appointment, status)
    assert response.status_code == 403 and response.json()["code"] == "staff_only"


# --- The cancellation window ---------------------------------------------------------------------


def test_a_patient_cancels_before_the_window_and_the_time_is_free_again(clock, appointment, client_for, denver_patient):
    client = client_for(denver_patient)
    response = transition(client, appointment, "cancelled")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["cancelled_by"]) == ("cancelled", "patient")
    rebook = client_for(PatientFactory()).post(
        "/api/v1/appointments",
        {"clinic": "denver", "service": "consult", "start": "2026-02-03T20:00:00Z"},
        format="json",
    )
    assert rebook.status_code == 201


def test_inside_the_window_the_patient_is_told_to_call_but_the_clinic_may_still_cancel(
    clock, appointment, client_for, denver_patient, staff_client_for, denver
):
    clock.move_to(datetime.fromisoformat("2026-02-02T14:00-07:00"), tick=False)  # 23 hours before
    response = transition(client_for(denver_patient), appointment, "cancelled")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "inside_cancellation_window"
    assert body["changeable_until"] == "2026-02-02T20:00:00+00:00"
    assert "24 hours" in body["message"] and denver.name in body["message"]
    assert body["clinic_phone"] == str(denver.phone)

    desk = staff_client_for(denver, role="front_desk")
    no_reason = transition(desk, appointment, "cancelled")
    assert no_reason.status_code == 400 and list(no_reason.json()["fields"]) == ["reason"]
    cancelled = transition(desk, appointment, "cancelled", reason="Provider unwell")
    assert cancelled.status_code == 200
    assert (cancelled.json()["cancelled_by"], cancelled.json()["cancellation_reason"]) == ("clinic", "Provider unwell")


def test_a_hold_may_be_released_by_the_patient_at_any_time(clock, appointment, client_for, denver_patient):
    Appointment.objects.filter(pk=appointment.pk).update(status=Status.HELD, hold_expires_at=appointment.starts_at)
    clock.move_to(datetime.fromisoformat("2026-02-03T12:00-07:00"), tick=False)
    assert transition(client_for(denver_patient), appointment, "cancelled").json()["status"] == "cancelled"


# --- Moving ----------------------------------------------------------------------------------------


def test_a_patient_moves_their_appointment_keeping_its_id_room_and_history(
    clock, appointment, client_for, denver_patient
):
    client = client_for(denver_patient)
    response = move(client, appointment, "2026-02-04T22:00:00Z")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == str(appointment.pk)
    assert body["start"] == "2026-02-04T22:00:00Z" and body["clinic_time"]["local"] == "2026-02-04T15:00"
    history = client.get(f"/api/v1/appointments/{appointment.pk}/events").json()
    assert [(event["kind"], event["previous_start"], event["by"]) for event in history] == [
        ("rescheduled", "2026-02-03T20:00:00Z", "patient")
    ]
    appointment.refresh_from_db()
    assert appointment.sequence == 1


def test_a_move_keeps_the_provider_and_chair_when_they_are_free(clock, denver, provider_at, client_for, denver_patient):
    iv = ServiceTypeFactory(clinic=denver, iv=True, slug="iv")
    first, _second = provider_at(denver), provider_at(denver)
    _chair, kept = ChairFactory(clinic=denver, name="A"), ChairFactory(clinic=denver, name="B")
    appointment = AppointmentFactory(
        service=iv, provider=first, chair=kept, patient=denver_patient, starts_at=TUESDAY_1PM
    )
    body = move(client_for(denver_patient), appointment, "2026-02-04T20:30:00Z").json()
    assert body["provider"]["id"] == str(first.user_id) and body["chair"]["name"] == "B"


def test_moving_onto_a_taken_time_is_a_409_and_changes_nothing(
    clock, denver, consultation, appointment, client_for, denver_patient
):
    AppointmentFactory(service=consultation, provider=appointment.provider, starts_at=TUESDAY_1PM.replace(hour=16))
    response = move(client_for(denver_patient), appointment, "2026-02-03T23:30:00Z")
    assert response.status_code == 409 and response.json()["code"] == "slot_taken"
    appointment.refresh_from_db()
    assert appointment.starts_at == TUESDAY_1PM and appointment.sequence == 0


def test_moving_within_its_own_time_is_allowed(clock, appointment, client_for, denver_patient):
    response = move(client_for(denver_patient), appointment, "2026-02-03T20:30:00Z")
    assert response.status_code == 200 and response.json()["start"] == "2026-02-03T20:30:00Z"


def test_inside_the_window_only_the_clinic_may_move_it(
    clock, appointment, client_for, denver_patient, staff_client_for, denver
):
    clock.move_to(datetime.fromisoformat("2026-02-03T08:00-07:00"), tick=False)
    refused = move(client_for(denver_patient), appointment, "2026-02-04T20:00:00Z")
    assert refused.status_code == 409 and refused.json()["code"] == "inside_cancellation_window"
    moved = move(staff_client_for(denver), appointment, "2026-02-04T20:00:00Z")
    assert moved.status_code == 200
    history = client_for(denver_patient).get(f"/api/v1/appointments/{appointment.pk}/events").json()
    assert [event["by"] for event in history] == ["clinic"]


@pytest.mark.parametrize("status", ["checked_in", "completed", "no_show", "cancelled"])
def test_only_held_or_confirmed_appointments_can_be_moved(clock, appointment, staff_client_for, denver, status):
    Appointment.objects.filter(pk=appointment.pk).update(status=status)
    response = move(staff_client_for(denver), appointment, "2026-02-04T20:00:00Z")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
