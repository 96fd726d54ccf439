"""The treatment plan bounds the doses, on every booking path (a patient's single booking and series,
staff booking on the patient's behalf, a move): no more induction sessions than the plan approves,
none outside its window, at most one dose a day, boosters only in maintenance and at the plan's
interval. A refusal is a 409 ``booking_not_allowed`` with a ``plan_limit`` blocker that names the
rule, and nothing is written."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.booking.models import Appointment
from apps.care.models import TreatmentPlan
from tests.care.factories import NOW, blocker_codes, book, ready_for_dosing
from tests.clinics.factories import ClinicPatientFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


def at_1pm(day: int, month: int = 2) -> str:
    """13:00 in Denver (the scene's clinic) on that day of 2026."""
    return f"2026-{month:02d}-{day:02d}T20:00:00Z"


def book_series(client, clinic, days, **fields):
    body = {"clinic": clinic.slug, "service": "iv", "sessions": [{"start": at_1pm(day)} for day in days]}
    return client.post("/api/v1/series", {**body, "will_not_drive": True, "within_days": 28, **fields}, format="json")


def plan_limits(response) -> list[str]:
    assert blocker_codes(response) == ["plan_limit"] * len(response.json()["blockers"])
    return [blocker["details"]["limit"] for blocker in response.json()["blockers"]]


@pytest.fixture
def plan(scene, clinic, patient):
    """Six induction sessions within 21 days, boosters every 28 days once in maintenance."""
    plan = ready_for_dosing(patient, clinic)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        induction_sessions=6, induction_window_days=21, booster_interval_days=28
    )
    plan.refresh_from_db()
    return plan


def test_a_seventh_single_induction_session_is_refused_when_the_plan_approves_six(plan, clinic, patient_client):
    for day in (3, 5, 7, 9, 11, 13):
        assert book(patient_client, clinic, "iv", at_1pm(day)).status_code == 201
    refused = book(patient_client, clinic, "iv", at_1pm(15))
    assert plan_limits(refused) == ["induction_sessions"]
    assert refused.json()["blockers"][0]["details"] == {
        "limit": "induction_sessions",
        "allowed": 6,
        "remaining": 0,
        "requested": 1,
    }
    assert "0 sessions of its induction series left" in refused.json()["blockers"][0]["message"]
    assert Appointment.objects.count() == 6


def test_a_series_longer_than_the_plan_is_refused_whole(plan, clinic, patient_client):
    refused = book_series(patient_client, clinic, range(3, 15))
    assert plan_limits(refused) == ["induction_sessions"]
    assert not Appointment.objects.exists()
    assert book_series(patient_client, clinic, (3, 6, 9, 12, 15, 18)).status_code == 201
    assert plan_limits(book_series(patient_client, clinic, (20,))) == ["induction_sessions"]


def test_the_induction_window_is_counted_from_the_first_session(plan, clinic, patient_client):
    assert book(patient_client, clinic, "iv", at_1pm(3)).status_code == 201
    # 3 February + 21 days: the last day is the 23rd.
    late = book(patient_client, clinic, "iv", at_1pm(24))
    assert plan_limits(late) == ["induction_window"]
    assert late.json()["blockers"][0]["details"]["last_day"] == "2026-02-23"
    assert book(patient_client, clinic, "iv", at_1pm(23)).status_code == 201


def test_at_most_one_dose_a_day(plan, clinic, patient_client):
    assert book(patient_client, clinic, "iv", at_1pm(3)).status_code == 201
    # 16:00 in Denver the same day: well clear of the first session and its recovery.
    same_day = book(patient_client, clinic, "iv", "2026-02-03T23:00:00Z")
    assert plan_limits(same_day) == ["one_a_day"]


def test_a_booster_waits_for_maintenance_and_keeps_the_plans_interval(plan, clinic, patient_client):
    assert plan_limits(book(patient_client, clinic, "booster", at_1pm(3))) == ["induction_not_complete"]

    TreatmentPlan.objects.filter(pk=plan.pk).update(maintenance_started_at=NOW)
    assert book(patient_client, clinic, "booster", at_1pm(3)).status_code == 201
    too_soon = book(patient_client, clinic, "booster", at_1pm(2, month=3))  # 27 days later
    assert plan_limits(too_soon) == ["booster_interval"]
    assert too_soon.json()["blockers"][0]["details"]["too_close_to"] == ["2026-02-03"]
    assert book(patient_client, clinic, "booster", at_1pm(3, month=3)).status_code == 201  # 28 days


def test_no_more_induction_once_maintenance_has_started(plan, clinic, patient_client):
    TreatmentPlan.objects.filter(pk=plan.pk).update(maintenance_started_at=NOW)
    assert plan_limits(book(patient_client, clinic, "iv", at_1pm(3))) == ["induction_complete"]


def test_a_plan_without_boosters_refuses_them(plan, clinic, patient_client):
    TreatmentPlan.objects.filter(pk=plan.pk).update(maintenance_started_at=NOW, booster_interval_days=None)
    assert plan_limits(book(patient_client, clinic, "booster", at_1pm(3))) == ["no_boosters"]


def test_staff_booking_for_the_patient_meet_the_same_limits(plan, clinic, patient, staff_client_for):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    desk = staff_client_for(clinic, role="front_desk")
    assert book_series(desk, clinic, (3, 6, 9, 12, 15, 18), patient=str(patient.pk)).status_code == 201
    refused = book(desk, clinic, "iv", at_1pm(20), patient=str(patient.pk))
    assert plan_limits(refused) == ["induction_sessions"]


def test_a_cancelled_session_gives_its_place_back(plan, clinic, patient_client):
    booked = book_series(patient_client, clinic, (3, 6, 9, 12, 15, 18)).json()
    first = booked["appointments"][0]["id"]
    cancelled = patient_client.post(f"/api/v1/appointments/{first}/transitions", {"status": "cancelled"}, format="json")
    assert cancelled.status_code == 200, cancelled.json()
    assert book(patient_client, clinic, "iv", at_1pm(20)).status_code == 201


def test_moving_a_session_counts_it_once_and_keeps_the_window(plan, clinic, patient_client):
    booked = book_series(patient_client, clinic, (3, 6, 9, 12, 15, 18)).json()
    last = booked["appointments"][-1]["id"]
    moved = patient_client.patch(f"/api/v1/appointments/{last}", {"start": at_1pm(20)}, format="json")
    assert moved.status_code == 200, moved.json()
    out_of_window = patient_client.patch(f"/api/v1/appointments/{last}", {"start": at_1pm(25)}, format="json")
    assert plan_limits(out_of_window) == ["induction_window"]
    onto_another_dose = patient_client.patch(f"/api/v1/appointments/{last}", {"start": at_1pm(15)}, format="json")
    assert plan_limits(onto_another_dose) == ["one_a_day"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_series_sent_at_once_cannot_both_use_the_same_allowance(plan, clinic, patient):
    """Each series alone fits the plan (4 of 6); together they would give 8 doses. The plan is locked
    by the first, so the second is counted after it and refused."""
    clients = [sign_in(APIClient(), patient) for _ in range(2)]
    days = [(3, 5, 7, 9), (11, 13, 15, 17)]
    responses = [None, None]
    barrier = threading.Barrier(2)

    def send(index):
        try:
            barrier.wait(timeout=30)
            responses[index] = book_series(clients[index], clinic, days[index])
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 409]
    [refused] = [response for response in responses if response.status_code == 409]
    assert plan_limits(refused) == ["induction_sessions"]
    assert Appointment.objects.filter(patient=patient).count() == 4


def test_series_proposal_for_a_patient_is_built_from_what_the_plan_has_left(plan, clinic, patient_client):
    assert book_series(patient_client, clinic, (3, 5)).status_code == 201
    proposal = patient_client.get(
        f"/api/v1/clinics/{clinic.slug}/series-proposal", {"service": "iv", "start": "2026-02-07", "sessions": 12}
    )
    assert proposal.status_code == 200, proposal.json()
    starts = [session["start"] for session in proposal.json()["sessions"]]
    assert len(starts) == 4
    assert max(starts) <= "2026-02-23T23:59:59Z"
    assert book_series(patient_client, clinic, [int(start[8:10]) for start in starts]).status_code == 201


def test_with_nothing_left_the_proposal_says_so(plan, clinic, patient_client):
    assert book_series(patient_client, clinic, (3, 6, 9, 12, 15, 18)).status_code == 201
    proposal = patient_client.get(
        f"/api/v1/clinics/{clinic.slug}/series-proposal", {"service": "iv", "start": "2026-02-19"}
    )
    assert proposal.status_code == 409
    assert proposal.json()["code"] == "booking_not_allowed"


def test_staff_proposing_for_nobody_in_particular_keep_their_numbers(scene, clinic, staff_client_for):
    desk = staff_client_for(clinic, role="front_desk")
    proposal = desk.get(
        f"/api/v1/clinics/{clinic.slug}/series-proposal",
        {"service": "iv", "start": "2026-02-03", "sessions": 3, "within_days": 7},
    )
    assert proposal.status_code == 200, proposal.json()
    assert len(proposal.json()["sessions"]) == 3
