"""The clinic console's schedule: a day or week across providers and chairs, in the clinic's zone."""

from datetime import date, datetime, time

import pytest

from apps.audit.models import AuditEvent
from apps.booking.models import AppointmentStatus
from apps.booking.selectors.appointments import clinic_schedule
from tests.clinics.factories import ClinicFactory

from .factories import AppointmentFactory, ChairFactory, ClosureFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db


def schedule(client, clinic, **params):
    return client.get(f"/api/v1/clinics/{clinic.slug}/schedule", {"date": "2026-02-03", **params})


def test_a_day_across_providers_and_chairs_labelled_with_the_clinic_zone(
    clock, denver, consultation, provider_at, staff_client_for
):
    iv = ServiceTypeFactory(clinic=denver, iv=True)
    morning, afternoon = provider_at(denver, start=time(8), end=time(12)), provider_at(denver)
    chair = ChairFactory(clinic=denver, name="Chair 1")
    first = AppointmentFactory(
        service=iv, provider=morning, chair=chair, starts_at=datetime.fromisoformat("2026-02-03T08:00-07:00")
    )
    second = AppointmentFactory(
        service=consultation, provider=afternoon, starts_at=datetime.fromisoformat("2026-02-03T15:00-07:00")
    )
    AppointmentFactory(
        service=consultation,
        provider=afternoon,
        status=AppointmentStatus.CANCELLED,
        starts_at=datetime.fromisoformat("2026-02-03T13:00-07:00"),
    )
    AppointmentFactory(
        service=consultation, provider=afternoon, starts_at=datetime.fromisoformat("2026-02-04T13:00-07:00")
    )
    client = staff_client_for(denver, role="front_desk")
    response = schedule(client, denver)
    assert response.status_code == 200
    body = response.json()
    assert body["timezone"] == "America/Denver" and body["start"] == body["end"] == "2026-02-03"
    assert [row["id"] for row in body["appointments"]] == [str(first.pk), str(second.pk)]
    assert body["appointments"][0]["chair"]["name"] == "Chair 1"
    assert body["appointments"][1]["clinic_time"] == {
        "local": "2026-02-03T15:00",
        "utc_offset": "-07:00",
        "abbreviation": "MST",
    }
    hours = {
        row["id"]: [(h["clinic_start"]["local"][11:], h["clinic_end"]["local"][11:]) for h in row["hours"]]
        for row in body["providers"]
    }
    assert hours == {str(morning.user_id): [("08:00", "12:00")], str(afternoon.user_id): [("13:00", "18:00")]}
    assert body["chairs"] == [{"id": chair.pk, "name": "Chair 1"}]
    assert AuditEvent.objects.filter(actor=client.user, action="read").count() == 2

    with_cancelled = schedule(client, denver, include_cancelled="true").json()
    assert len(with_cancelled["appointments"]) == 3


def test_a_week_view_and_closed_days(clock, denver, consultation, provider_at, staff_client_for):
    provider_at(denver)
    ClosureFactory(clinic=denver, starts_on=date(2026, 2, 5), ends_on=date(2026, 2, 5))
    body = schedule(staff_client_for(denver), denver, days=7).json()
    assert body["end"] == "2026-02-09"
    (row,) = body["providers"]
    days = [span["clinic_start"]["local"][:10] for span in row["hours"]]
    assert days == ["2026-02-03", "2026-02-04", "2026-02-06", "2026-02-07", "2026-02-08", "2026-02-09"]


def test_another_clinics_schedule_is_404_and_patients_are_refused(
    clock, denver, staff_client_for, client_for, denver_patient
):
    assert schedule(staff_client_for(ClinicFactory()), denver).status_code == 404
    assert schedule(client_for(denver_patient), denver).status_code == 403
    assert schedule(staff_client_for(denver, mfa=False), denver).json()["code"] == "mfa_required"


def test_a_bad_period_is_a_400(clock, denver, staff_client_for):
    response = schedule(staff_client_for(denver), denver, days=8)
    assert response.status_code == 400 and list(response.json()["fields"]) == ["days"]


def test_the_schedule_takes_the_same_queries_for_a_quiet_day_and_a_busy_week(
    clock, denver, consultation, provider_at, django_assert_num_queries
):
    first = provider_at(denver)
    AppointmentFactory(service=consultation, provider=first, starts_at=datetime.fromisoformat("2026-02-03T13:00-07:00"))
    ChairFactory(clinic=denver)
    with django_assert_num_queries(6):
        clinic_schedule(clinic=denver, first_day=date(2026, 2, 3), last_day=date(2026, 2, 3))
    for day in range(4, 10):
        provider = provider_at(denver)
        AppointmentFactory(
            service=consultation, provider=provider, starts_at=datetime.fromisoformat(f"2026-02-{day:02d}T14:00-07:00")
        )
    with django_assert_num_queries(6):
        week = clinic_schedule(clinic=denver, first_day=date(2026, 2, 3), last_day=date(2026, 2, 9))
    assert len(week.appointments) == 7 and len(week.providers) == 7
