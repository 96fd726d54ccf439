"""Treatment series: a proposed schedule from availability, booked all or nothing."""

from datetime import datetime, time

import pytest

from apps.booking.models import Appointment, TreatmentSeries
from apps.booking.selectors.calendars import booking_context
from apps.booking.slots import Interval
from apps.core.clock import now as clock_now
from tests.clinics.factories import ClinicPatientFactory, MembershipFactory

from .factories import AppointmentFactory, ChairFactory, ServiceTypeFactory, WeeklyHoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def iv(denver):
    ChairFactory(clinic=denver)
    return ServiceTypeFactory(clinic=denver, slug="iv", iv=True)


@pytest.fixture
def provider(denver, provider_at):
    return provider_at(denver)


@pytest.fixture
def client(client_for, denver_patient):
    return client_for(denver_patient)


def at(text):
    return datetime.fromisoformat(text)


def propose(client, **params):
    return client.get("/api/v1/clinics/denver/series-proposal", {"service": "iv", "start": "2026-02-03", **params})


def book_series(client, sessions, key=None, **fields):
    body = {"clinic": "denver", "service": "iv", "sessions": sessions, "will_not_drive": True, **fields}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/series", body, format="json", **headers)


def test_the_induction_series_is_proposed_as_six_sessions_spread_over_21_days_at_one_time_of_day(
    clock, iv, provider, client
):
    response = propose(client)
    assert response.status_code == 200, response.json()
    sessions = response.json()["sessions"]
    assert [session["clinic_time"]["local"] for session in sessions] == [
        "2026-02-03T13:00",
        "2026-02-06T13:00",
        "2026-02-10T13:00",
        "2026-02-13T13:00",
        "2026-02-17T13:00",
        "2026-02-20T13:00",
    ]
    assert {session["provider"]["id"] for session in sessions} == {str(provider.user_id)}


def test_the_proposal_follows_a_preferred_time_and_packs_sessions_when_days_are_scarce(
    clock, denver, iv, client, provider_at
):
    provider_at(denver)
    sessions = propose(client, time="15:00", sessions=3, within_days=3).json()["sessions"]
    assert [session["clinic_time"]["local"] for session in sessions] == [
        "2026-02-03T15:00",
        "2026-02-04T15:00",
        "2026-02-05T15:00",
    ]


def test_when_the_window_cannot_hold_the_series_the_proposal_says_how_many_fit(clock, denver, iv, client):
    mondays_only = WeeklyHoursFactory(clinic=denver, weekday=0).provider
    MembershipFactory(clinic=denver, user=mondays_only.user, role="provider")
    response = propose(client)
    assert response.status_code == 409
    assert response.json()["code"] == "series_unavailable" and response.json()["sessions_found"] == 3


def test_the_proposal_books_as_one_series(clock, iv, provider, client, denver_patient):
    proposal = propose(client).json()["sessions"]
    response = book_series(client, [{"start": session["start"]} for session in proposal])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["appointments"]) == 6
    assert {appointment["series"] for appointment in body["appointments"]} == {body["id"]}
    assert all(appointment["chair"] is not None for appointment in body["appointments"])
    assert Appointment.objects.filter(patient=denver_patient, series_id=body["id"], status="confirmed").count() == 6


@pytest.mark.parametrize("taken", [1, 5])
def test_a_series_is_all_or_nothing_whichever_session_is_taken(clock, iv, provider, client, denver_patient, taken):
    proposal = propose(client).json()["sessions"]
    AppointmentFactory(
        service=iv, provider=provider, chair=iv.clinic.chairs.get(), starts_at=at(proposal[taken]["start"])
    )
    response = book_series(client, [{"start": session["start"]} for session in proposal])
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "slot_taken" and body["session"] == taken
    assert body["message"].startswith(f"Session {taken + 1} of 6") and "Nothing was booked" in body["message"]
    assert not Appointment.objects.filter(patient=denver_patient).exists()
    assert not TreatmentSeries.objects.exists()


def test_the_last_session_is_checked_against_the_patients_own_appointments(
    clock, denver, iv, provider, provider_at, client, denver_patient
):
    proposal = propose(client).json()["sessions"]
    other = ServiceTypeFactory(clinic=denver, slug="talk")
    AppointmentFactory(
        service=other, provider=provider_at(denver), patient=denver_patient, starts_at=at(proposal[-1]["start"])
    )
    response = book_series(client, [{"start": session["start"]} for session in proposal])
    assert response.status_code == 409 and response.json()["session"] == 5
    assert Appointment.objects.filter(patient=denver_patient).count() == 1


@pytest.mark.parametrize(
    ("sessions", "field"),
    [
        (["2026-02-03T20:00:00Z", "2026-02-04T01:00:00Z"], "sessions"),  # 13:00 and 18:00 on 3 Feb, Denver
        (["2026-02-03T20:00:00Z", "2026-02-24T20:00:00Z"], "sessions"),  # 22 days apart
        (["2026-02-03T20:00:00Z", "2026-02-04T20:00:00Z", "2026-02-05T20:10:00Z"], "sessions.2.start"),
        (["2026-02-03T20:00:00Z"] * 13, "sessions"),
    ],
)
def test_a_series_that_breaks_the_rules_is_a_400_and_books_nothing(clock, iv, provider, client, sessions, field):
    response = book_series(client, [{"start": start} for start in sessions])
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert not Appointment.objects.exists() and not TreatmentSeries.objects.exists()


def test_a_series_needs_the_patients_acknowledgement_that_they_will_not_drive(clock, iv, provider, client):
    response = book_series(client, [{"start": "2026-02-03T20:00:00Z"}], will_not_drive=False)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "will_not_drive": ["Please confirm that you will not drive until the day after the session."]
    }
    assert not TreatmentSeries.objects.exists()


def test_only_dosing_services_make_a_series(clock, denver, consultation, provider, client):
    response = book_series(client, [{"start": "2026-02-03T20:00:00Z"}], service="consult")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["service"]


def test_a_retried_series_request_returns_the_first_series(clock, iv, provider, client):
    sessions = [{"start": session["start"]} for session in propose(client, sessions=2).json()["sessions"]]
    first = book_series(client, sessions, key="series-1")
    retry = book_series(client, sessions, key="series-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"] and retry["Idempotent-Replayed"] == "true"
    assert TreatmentSeries.objects.count() == 1 and Appointment.objects.count() == 2


def test_staff_book_a_series_for_a_patient_of_the_clinic(clock, denver, iv, provider, staff_client_for):
    patient = ClinicPatientFactory(clinic=denver).patient
    desk = staff_client_for(denver, role="front_desk")
    proposal = desk.get(
        "/api/v1/clinics/denver/series-proposal",
        {"service": "iv", "start": "2026-02-02", "patient": str(patient.pk), "time": "13:00"},
    ).json()["sessions"]
    assert proposal[0]["clinic_time"]["local"] == "2026-02-02T13:00"
    response = book_series(desk, [{"start": s["start"]} for s in proposal], patient=str(patient.pk))
    assert response.status_code == 201
    assert Appointment.objects.filter(patient=patient, booked_by=desk.user).count() == 6


def test_the_series_keeps_one_provider_when_they_are_free(clock, denver, iv, provider_at, client):
    provider_at(denver)
    provider_at(denver, start=time(9), end=time(18))
    ChairFactory(clinic=denver)
    sessions = [{"start": session["start"]} for session in propose(client, time="13:00").json()["sessions"]]
    body = book_series(client, sessions).json()
    assert len({appointment["provider"]["id"] for appointment in body["appointments"]}) == 1
    assert {appointment["clinic_time"]["local"][11:] for appointment in body["appointments"]} == {"13:00"}


def test_a_longer_window_asked_for_in_the_proposal_can_be_booked(clock, iv, provider, client):
    sessions = propose(client, within_days=28).json()["sessions"]
    assert sessions[-1]["clinic_time"]["local"] == "2026-02-26T13:00"
    starts = [{"start": session["start"]} for session in sessions]
    assert book_series(client, starts).status_code == 400
    assert book_series(client, starts, within_days=28).status_code == 201


def test_sessions_placed_in_turn_take_their_time_in_the_calendars_read_once(clock, denver, iv, provider):
    """A series reads the calendars once for all its sessions: each session placed counts as busy for
    the next, for the provider, the chair and the patient."""
    patient = ClinicPatientFactory(clinic=denver).patient
    start, next_day = at("2026-02-03T20:00:00+00:00"), at("2026-02-04T20:00:00+00:00")
    context = booking_context(
        clinic=denver, service=iv, visits=Interval(start, next_day), at=clock_now(), patient=patient
    )
    slot = context.free_at(start)
    context.take(start, slot.provider_ids[0], slot.chair_ids[0])
    assert context.free_at(start) is None
    assert context.patient_busy.overlaps(context.timing.visit(start))
    assert context.free_at(next_day) is not None
