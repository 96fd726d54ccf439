"""The report endpoints: who may read them, their input, the CSV and its audit row, DST weeks and a
fixed number of queries."""

import csv
import io
from datetime import time, timedelta

import pytest
from rest_framework.test import APIClient

from apps.audit.models import AuditAction, AuditEvent
from tests.booking.factories import AppointmentFactory, ChairFactory, ServiceTypeFactory, WeeklyHoursFactory
from tests.clinics.factories import ClinicFactory, OrganizationAdminFactory, OrganizationFactory, ProviderProfileFactory
from tests.support.sign_in import sign_in

from .factories import completed_induction, local, paid, refunded

pytestmark = pytest.mark.django_db

URL = "/api/v1/clinics/{}/reports/weekly"


def signed_in(user):
    client = APIClient()
    sign_in(client, user)
    return client


@pytest.fixture
def org_admin(clinic):
    return signed_in(OrganizationAdminFactory(organization=clinic.organization).user)


def test_a_clinic_admin_reads_their_clinics_report(clinic, staff_client_for):
    AppointmentFactory(service=ServiceTypeFactory(clinic=clinic), starts_at=local(clinic, "2026-03-03 13:00"))
    response = staff_client_for(clinic).get(URL.format(clinic.slug), {"from": "2026-03-04", "weeks": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["first_week"], body["minimum_outcome_n"], body["clinic"]["slug"]) == ("2026-03-02", 5, clinic.slug)
    assert [week["week_start"] for week in body["weeks"]] == ["2026-03-02", "2026-03-09"]
    assert [week["booked"] for week in body["weeks"]] == [1, 0]


@pytest.mark.parametrize("role", ["provider", "front_desk"])
def test_providers_and_front_desk_are_told_reports_are_for_admins(clinic, staff_client_for, role):
    response = staff_client_for(clinic, role=role).get(URL.format(clinic.slug), {"from": "2026-03-02"})
    assert response.status_code == 403
    assert response.json()["message"] == "Reports are for the clinic's administrators."


def test_another_clinics_admin_gets_404(clinic, staff_client_for):
    elsewhere = staff_client_for(ClinicFactory(organization=clinic.organization))
    assert elsewhere.get(URL.format(clinic.slug), {"from": "2026-03-02"}).status_code == 404
    assert elsewhere.get(URL.format(clinic.slug) + ".csv", {"from": "2026-03-02"}).status_code == 404


def test_staff_without_two_factors_and_patients_are_refused(clinic, staff_client_for, patient_client):
    no_mfa = staff_client_for(clinic, mfa=False)
    assert no_mfa.get(URL.format(clinic.slug), {"from": "2026-03-02"}).json()["code"] == "mfa_required"
    assert patient_client.get(URL.format(clinic.slug), {"from": "2026-03-02"}).status_code == 403
    assert patient_client.get("/api/v1/reports/weekly", {"from": "2026-03-02"}).status_code == 403


@pytest.mark.parametrize(
    "query, field",
    [
        ({}, "from"),
        ({"from": "not a date"}, "from"),
        ({"from": "1999-12-31"}, "from"),
        ({"from": "9999-12-31"}, "from"),
        ({"from": "2026-03-02", "weeks": 27}, "weeks"),
        ({"from": "2026-03-02", "weeks": 0}, "weeks"),
    ],
)
def test_bad_input_is_named(clinic, staff_client_for, query, field):
    response = staff_client_for(clinic).get(URL.format(clinic.slug), query)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_an_organization_admin_sees_every_clinic_and_the_totals(clinic, org_admin):
    other = ClinicFactory(organization=clinic.organization, name="Another clinic")
    foreign = ClinicFactory(organization=OrganizationFactory(slug="other-network"))
    for place in (clinic, other, foreign):
        AppointmentFactory(service=ServiceTypeFactory(clinic=place), starts_at=local(place, "2026-03-03 13:00"))
    body = org_admin.get("/api/v1/reports/weekly", {"from": "2026-03-02", "weeks": 1}).json()
    assert sorted(report["clinic"]["slug"] for report in body["clinics"]) == sorted([clinic.slug, other.slug])
    assert body["totals"][0]["booked"] == 2
    # ...and each clinic's own report, although not a member there.
    assert org_admin.get(URL.format(other.slug), {"from": "2026-03-02"}).status_code == 200
    assert org_admin.get(URL.format(foreign.slug), {"from": "2026-03-02"}).status_code == 404


def test_a_clinic_admin_is_not_an_organization_admin(clinic, staff_client_for):
    assert staff_client_for(clinic).get("/api/v1/reports/weekly", {"from": "2026-03-02"}).status_code == 403


def test_the_csv_has_the_reports_figures_and_its_export_is_audited(clinic, staff_client_for):
    admin = staff_client_for(clinic)
    seen = AppointmentFactory(
        service=ServiceTypeFactory(clinic=clinic), starts_at=local(clinic, "2026-03-03 13:00"), status="completed"
    )
    payment = paid(seen, at=local(clinic, "2026-03-03 14:00"), amount_cents=25000)
    refunded(payment, at=local(clinic, "2026-03-10 09:00"), amount_cents=5000)
    response = admin.get(URL.format(clinic.slug) + ".csv", {"from": "2026-03-02", "weeks": 2})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"weekly-report-{clinic.slug}-2026-03-02+2w.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["clinic"], row["week_start"], row["booked"], row["completed"]) for row in rows] == [
        (clinic.slug, "2026-03-02", "1", "1"),
        (clinic.slug, "2026-03-09", "0", "0"),
    ]
    assert [(row["revenue_cents_USD"], row["refunds_cents_USD"]) for row in rows] == [("25000", "0"), ("0", "5000")]
    assert rows[0]["no_show_rate"] == "0.0" and rows[1]["no_show_rate"] == ""
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.clinic) == (admin.user, clinic)
    assert event.object_id == f"weekly-report 2026-03-02+2w {clinic.slug}"
    assert event.patient is None


def test_the_csv_names_no_patient(clinic, staff_client_for):
    plan = completed_induction(clinic, maintenance_at=local(clinic, "2026-03-04 12:00"), baseline=20, after=10)
    text = staff_client_for(clinic).get(URL.format(clinic.slug) + ".csv", {"from": "2026-03-02"}).content.decode()
    patient = plan.patient
    assert str(patient.pk) not in text and patient.email not in text
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["series_completed"], row["phq9_n"], row["phq9_mean_change"], row["phq9_suppressed"]) == (
        "1",
        "1",
        "",
        "yes",
    )


def test_the_organizations_csv_ends_with_the_totals_and_is_audited_without_a_clinic(clinic, org_admin):
    ClinicFactory(organization=clinic.organization)
    response = org_admin.get("/api/v1/reports/weekly.csv", {"from": "2026-03-02", "weeks": 3})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 9
    assert [row["clinic"] for row in rows[-3:]] == ["all clinics"] * 3
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.clinic, event.object_id) == (None, "weekly-report 2026-03-02+3w all-clinics")


def test_reading_the_report_itself_writes_no_audit_row(clinic, staff_client_for):
    staff_client_for(clinic).get(URL.format(clinic.slug), {"from": "2026-03-02"})
    assert not AuditEvent.objects.exists()


# --- Daylight saving -------------------------------------------------------------------------------


@pytest.fixture
def new_york(db):
    return ClinicFactory(timezone="America/New_York")


def test_weeks_follow_the_clinics_wall_clock_across_spring_forward(new_york, staff_client_for):
    """Clocks go forward on Sunday 8 March 2026: that week is 167 hours long, and Monday 9 March
    starts at 04:00 UTC, not 05:00."""
    service = ServiceTypeFactory(clinic=new_york)
    AppointmentFactory(service=service, starts_at=local(new_york, "2026-03-08 23:30"))  # 03:30 UTC Monday
    AppointmentFactory(service=service, starts_at=local(new_york, "2026-03-09 00:30"))  # 04:30 UTC
    provider = ProviderProfileFactory()
    # Sunday 00:00-04:00 on the wall clock is three real hours on the day the clocks jump.
    WeeklyHoursFactory(provider=provider, clinic=new_york, weekday=6, start_time=time(0), end_time=time(4))
    weeks = staff_client_for(new_york).get(URL.format(new_york.slug), {"from": "2026-03-02", "weeks": 2}).json()
    assert [(w["booked"], w["provider_available_minutes"]) for w in weeks["weeks"]] == [(1, 180), (1, 240)]


def test_weeks_follow_the_clinics_wall_clock_across_fall_back(new_york, staff_client_for):
    """Clocks go back on Sunday 1 November 2026: Monday 2 November starts at 05:00 UTC."""
    service = ServiceTypeFactory(clinic=new_york)
    AppointmentFactory(service=service, starts_at=local(new_york, "2026-11-01 23:30"))  # 04:30 UTC Monday
    AppointmentFactory(service=service, starts_at=local(new_york, "2026-11-02 00:30"))  # 05:30 UTC
    provider = ProviderProfileFactory()
    WeeklyHoursFactory(provider=provider, clinic=new_york, weekday=6, start_time=time(0), end_time=time(4))
    weeks = staff_client_for(new_york).get(URL.format(new_york.slug), {"from": "2026-10-26", "weeks": 2}).json()
    assert [(w["week_start"], w["booked"]) for w in weeks["weeks"]] == [("2026-10-26", 1), ("2026-11-02", 1)]
    assert [w["provider_available_minutes"] for w in weeks["weeks"]] == [300, 240]


# --- Queries ---------------------------------------------------------------------------------------


def busy_clinic(clinic, appointments: int):
    provider = ProviderProfileFactory()
    WeeklyHoursFactory(provider=provider, clinic=clinic, weekday=1, start_time=time(9), end_time=time(17))
    chair = ChairFactory(clinic=clinic)
    service = ServiceTypeFactory(clinic=clinic, iv=True)
    for week in range(appointments):
        appointment = AppointmentFactory(
            service=service,
            provider=provider,
            chair=chair,
            status="completed",
            starts_at=local(clinic, "2026-01-06 09:00") + timedelta(weeks=week),
        )
        paid(appointment, at=appointment.starts_at, amount_cents=1000)
        completed_induction(clinic, maintenance_at=appointment.starts_at, baseline=20, after=12)


@pytest.mark.parametrize("weeks, appointments", [(1, 1), (26, 8)])
def test_a_clinics_report_takes_a_fixed_number_of_queries(
    clinic, staff_client_for, django_assert_num_queries, weeks, appointments
):
    busy_clinic(clinic, appointments)
    admin = staff_client_for(clinic)
    # the user (the session is in the cache); staff and two-factor checks; the clinic; the caller's
    # roles there (one query); the appointments, payments, refunds and plans; hours, overrides,
    # closures and chairs; the session's idle-timeout stamp (savepoint, update, release)
    with django_assert_num_queries(16):
        assert admin.get(URL.format(clinic.slug), {"from": "2026-01-05", "weeks": weeks}).status_code == 200


@pytest.mark.parametrize("clinics, weeks", [(1, 1), (3, 26)])
def test_an_organizations_report_takes_a_fixed_number_of_queries(
    clinic, org_admin, django_assert_num_queries, clinics, weeks
):
    busy_clinic(clinic, 2)
    for _ in range(clinics - 1):
        busy_clinic(ClinicFactory(organization=clinic.organization), 2)
    # the user; staff (member? organization admin?), two factors and organization admin; the clinics;
    # the eight report queries; the session's idle-timeout stamp
    with django_assert_num_queries(17):
        assert org_admin.get("/api/v1/reports/weekly", {"from": "2026-01-05", "weeks": weeks}).status_code == 200
