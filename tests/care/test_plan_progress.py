"""Plan progress ("3 of 6 induction sessions", next booster due), the start of maintenance when the
session that completes the induction series is completed, and the dosing sessions on the trend."""

from datetime import UTC, date, datetime, timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.care.models import TreatmentPlan
from apps.care.selectors.sessions import plan_progress
from apps.care.services.sessions import session_record_complete
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import clinic_provider, make_assessment, make_plan, write_session_record
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
PLAN_MADE = NOW - timedelta(days=30)


@pytest.fixture
def services(clinic):
    return {
        "iv": ServiceTypeFactory(clinic=clinic, iv=True),
        "booster": ServiceTypeFactory(clinic=clinic, iv=True, kind="booster"),
        "integration": ServiceTypeFactory(clinic=clinic, kind="integration"),
    }


@pytest.fixture
def plan(time_machine, clinic, patient):
    """Maya's plan at ``clinic``, made 30 days ago: 6 induction sessions, 3 integration sessions,
    boosters every 28 days."""
    time_machine.move_to(NOW, tick=False)
    ClinicPatientFactory(clinic=clinic, patient=patient)
    plan = make_plan(patient, clinic)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        created_at=PLAN_MADE, induction_sessions=6, integration_sessions=3, booster_interval_days=28
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def provider(clinic):
    return clinic_provider(clinic)


def session(service, patient, days_from_now, status="completed", **fields):
    return AppointmentFactory(
        service=service, patient=patient, starts_at=NOW + timedelta(days=days_from_now), status=status, **fields
    )


def complete_session(appointment, provider):
    """What the provider does at the end of a session: write the record and complete it."""
    write_session_record(appointment, provider)
    return session_record_complete(actor=provider, appointment=appointment)


# --- The numbers ---------------------------------------------------------------------------------


def test_the_progress_counts_the_plans_sessions_at_its_clinic_since_it_was_made(plan, services, patient, clinic):
    iv = services["iv"]
    for days in (-20, -17, -13):
        session(iv, patient, days)
    session(iv, patient, 2, status="confirmed")
    session(iv, patient, 5, status="held", hold_expires_at=NOW + timedelta(minutes=5))
    session(iv, patient, 6, status="held", hold_expires_at=NOW - timedelta(minutes=5))  # lapsed
    session(iv, patient, -10, status="cancelled")
    session(iv, patient, -9, status="no_show")
    session(iv, patient, -40)  # before the plan was made: an earlier plan's
    session(ServiceTypeFactory(clinic=ClinicFactory(organization=clinic.organization), iv=True), patient, -8)
    session(services["integration"], patient, -12)
    session(services["integration"], patient, 3, status="confirmed")
    session(iv, ClinicPatientFactory(clinic=clinic).patient, -7)  # someone else's

    progress = plan_progress(plan)
    assert (progress.induction_completed, progress.induction_booked, progress.induction_total) == (3, 2, 6)
    assert progress.summary == "3 of 6 induction sessions"
    assert (progress.integration_completed, progress.integration_total) == (1, 3)
    assert progress.last_dose_at == NOW - timedelta(days=13)
    assert (progress.phase, progress.maintenance_started_at, progress.next_booster_due) == ("induction", None, None)


def test_the_next_booster_is_due_the_interval_after_the_last_dose_as_a_date_in_the_clinics_zone(
    plan, services, patient
):
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        created_at=datetime(2026, 1, 1, tzinfo=UTC), maintenance_started_at=datetime(2026, 1, 20, tzinfo=UTC)
    )
    # 03:00 UTC on 4 February is still the evening of 3 February in Denver.
    AppointmentFactory(
        service=services["booster"], patient=patient, status="completed", starts_at=datetime(2026, 2, 4, 3, tzinfo=UTC)
    )
    plan.refresh_from_db()
    progress = plan_progress(plan)
    assert progress.phase == "maintenance"
    assert progress.next_booster_due == date(2026, 3, 3)

    TreatmentPlan.objects.filter(pk=plan.pk).update(booster_interval_days=None)
    plan.refresh_from_db()
    assert plan_progress(plan).next_booster_due is None


# --- Maintenance ---------------------------------------------------------------------------------


def test_the_session_that_completes_the_induction_starts_maintenance_once(plan, services, patient, provider):
    TreatmentPlan.objects.filter(pk=plan.pk).update(induction_sessions=2)
    complete_session(session(services["iv"], patient, -6, status="checked_in"), provider)
    plan.refresh_from_db()
    assert plan.maintenance_started_at is None

    complete_session(session(services["iv"], patient, -3, status="checked_in"), provider)
    plan.refresh_from_db()
    assert (plan.maintenance_started_at, plan.status) == (NOW, "active")

    complete_session(session(services["booster"], patient, -1, status="checked_in"), provider)
    plan.refresh_from_db()
    assert plan.maintenance_started_at == NOW
    progress = plan_progress(plan)
    assert (progress.phase, progress.summary) == ("maintenance", "2 of 2 induction sessions")
    assert progress.next_booster_due == date(2026, 3, 29)  # the booster on 1 March, plus 28 days
    audit = AuditEvent.objects.filter(object_type="care.treatmentplan", action="update").get()
    assert (audit.actor, audit.patient, audit.clinic) == (provider, patient, plan.clinic)


def test_shortening_the_induction_to_what_is_done_starts_maintenance(
    plan, services, patient, provider, clinic, staff_client_for
):
    for days in (-6, -3):
        complete_session(session(services["iv"], patient, days, status="checked_in"), provider)
    client = staff_client_for(clinic, role="provider")
    response = client.patch(
        f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/plan", {"induction_sessions": 2}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["maintenance_started_at"] == "2026-03-02T18:00:00Z"
    assert response.json()["progress"]["phase"] == "maintenance"


# --- The API -------------------------------------------------------------------------------------


def test_the_patient_and_the_clinic_see_the_progress_with_the_plan(
    plan, services, patient, patient_client, clinic, staff_client_for
):
    for days in (-20, -17, -13):
        session(services["iv"], patient, days)
    session(services["iv"], patient, 2, status="confirmed")
    expected = {
        "phase": "induction",
        "induction": {"completed": 3, "booked": 1, "total": 6, "summary": "3 of 6 induction sessions"},
        "integration": {"completed": 0, "total": 3},
        "last_dosing_session": {
            "start": "2026-02-17T18:00:00Z",
            "clinic_time": {"local": "2026-02-17T11:00", "utc_offset": "-07:00", "abbreviation": "MST"},
        },
        "maintenance_started": False,
        "maintenance_started_at": None,
        "next_booster_due": None,
    }
    sign_in(patient_client, patient)  # the clock moved since the fixture signed in
    mine = patient_client.get("/api/v1/plan")
    assert mine.status_code == 200
    assert mine.json()["progress"] == expected
    staff = staff_client_for(clinic, role="front_desk")
    theirs = staff.get(f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/plan")
    assert theirs.json()["progress"] == expected
    reads = AuditEvent.objects.filter(object_type="care.treatmentplan", action="read")
    assert sorted(reads.values_list("actor", flat=True)) == sorted([patient.pk, staff.user.pk])


# --- Dosing sessions on the trend ----------------------------------------------------------------


def test_the_trend_marks_the_patients_completed_dosing_sessions_with_their_local_date(
    plan, services, patient, patient_client, clinic, staff_client_for
):
    elsewhere = ClinicFactory(organization=clinic.organization, timezone="America/New_York")
    make_assessment(patient, total=18, taken_at=NOW - timedelta(days=25))
    first = session(services["iv"], patient, -20)
    # 01:00 UTC on 18 February: the evening of the 17th in Denver.
    late = AppointmentFactory(
        service=services["booster"], patient=patient, status="completed", starts_at=datetime(2026, 2, 18, 1, tzinfo=UTC)
    )
    away = session(ServiceTypeFactory(clinic=elsewhere, iv=True), patient, -5)
    session(services["iv"], patient, -3, status="cancelled")
    session(services["iv"], patient, 2, status="confirmed")
    session(services["integration"], patient, -4)
    session(services["iv"], ClinicPatientFactory(clinic=clinic).patient, -2)  # someone else's

    sign_in(patient_client, patient)
    mine = patient_client.get("/api/v1/assessments/trend").json()["sessions"]
    assert [(row["date"], row["start"], row["clinic"]) for row in mine] == [
        ("2026-02-10", "2026-02-10T18:00:00Z", clinic.slug),
        ("2026-02-17", "2026-02-18T01:00:00Z", clinic.slug),
        ("2026-02-25", "2026-02-25T18:00:00Z", elsewhere.slug),
    ]
    assert mine[1]["clinic_time"] == {"local": "2026-02-17T18:00", "utc_offset": "-07:00", "abbreviation": "MST"}
    assert mine[2]["clinic_time"]["local"] == "2026-02-25T13:00"
    session_reads = AuditEvent.objects.filter(actor=patient, object_type="booking.appointment", action="read")
    assert set(session_reads.values_list("object_id", flat=True)) == {str(first.pk), str(late.pk), str(away.pk)}

    staff = staff_client_for(clinic, role="provider")
    theirs = staff.get(f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/assessments/trend").json()["sessions"]
    assert [row["start"] for row in theirs] == ["2026-02-10T18:00:00Z", "2026-02-18T01:00:00Z"]
