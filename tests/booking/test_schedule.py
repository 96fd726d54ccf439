"""The clinic console's schedule: a day or week across providers and chairs, in the clinic's zone."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import PatientProfile
from apps.audit.models import AuditEvent
from apps.booking.api.serializers.schedule import ScheduleAppointmentOutput, ScheduleProviderOutput
from apps.booking.models import Appointment, AppointmentStatus, RideHome
from apps.booking.selectors.schedule import clinic_schedule
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory

from .factories import AppointmentFactory, ChairFactory, ClosureFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")


def schedule(client, clinic, **params):
    return client.get(f"/api/v1/clinics/{clinic.slug}/schedule", {"date": "2026-02-03", **params})


def listed(body):
    """Every appointment of the answer, from under each provider."""
    return [row for provider in body["providers"] for row in provider["appointments"]]


def local(utc_text):
    return datetime.fromisoformat(utc_text).astimezone(DENVER).strftime("%Y-%m-%d %H:%M")


def test_a_day_across_providers_and_chairs_labelled_with_the_clinic_zone(
    clock, denver, consultation, provider_at, staff_client_for
):
    iv = ServiceTypeFactory(clinic=denver, iv=True, slug="iv", name="IV infusion")
    morning, afternoon = provider_at(denver, start=time(8), end=time(12)), provider_at(denver)
    chair = ChairFactory(clinic=denver, name="Chair 1")
    patient = PatientFactory(profile__preferred_name="", profile__legal_name="Maya Thompson")
    first = AppointmentFactory(
        service=iv,
        provider=morning,
        chair=chair,
        patient=patient,
        starts_at=datetime.fromisoformat("2026-02-03T08:00-07:00"),
    )
    second = AppointmentFactory(
        service=consultation, provider=afternoon, starts_at=datetime.fromisoformat("2026-02-03T15:00-07:00")
    )
    cancelled = AppointmentFactory(
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
    by_provider = {row["id"]: [appointment["id"] for appointment in row["appointments"]] for row in body["providers"]}
    assert by_provider == {str(morning.user_id): [str(first.pk)], str(afternoon.user_id): [str(second.pk)]}
    rows = {row["id"]: row for row in listed(body)}
    assert rows[str(first.pk)] == {
        "id": str(first.pk),
        "status": "confirmed",
        "start": "2026-02-03T15:00:00Z",
        "end": "2026-02-03T15:40:00Z",
        "visit_end": "2026-02-03T17:40:00Z",
        "patient_name": "Maya Thompson",
        "chair": chair.pk,
        "service": "iv",
        "ride_home": "not_confirmed",
    }
    assert rows[str(second.pk)]["chair"] is None and rows[str(second.pk)]["ride_home"] is None
    assert sorted(body["services"], key=lambda service: service["slug"]) == [
        {
            "slug": "consult",
            "name": "Initial consultation",
            "kind": "consultation",
            "modality": "in_person",
            "route": "",
        },
        {"slug": "iv", "name": "IV infusion", "kind": "dosing", "modality": "in_person", "route": "iv_infusion"},
    ]
    hours = {
        row["id"]: [(local(span["start"])[11:], local(span["end"])[11:]) for span in row["hours"]]
        for row in body["providers"]
    }
    assert hours == {str(morning.user_id): [("08:00", "12:00")], str(afternoon.user_id): [("13:00", "18:00")]}
    assert body["chairs"] == [{"id": chair.pk, "name": "Chair 1"}]
    audited = AuditEvent.objects.filter(actor=client.user, action="read")
    assert sorted(audited.values_list("object_type", "object_id", "patient_id", "clinic_id")) == sorted(
        ("booking.appointment", str(appointment.pk), appointment.patient_id, denver.pk)
        for appointment in (first, second)
    )

    with_cancelled = listed(schedule(client, denver, include_cancelled="true").json())
    assert [row["id"] for row in with_cancelled if row["status"] == "cancelled"] == [str(cancelled.pk)]
    assert len(with_cancelled) == 3


def test_the_answer_has_the_fields_its_schema_documents(clock, denver, consultation, provider_at, staff_client_for):
    AppointmentFactory(
        service=consultation, provider=provider_at(denver), starts_at=datetime.fromisoformat("2026-02-03T14:00-07:00")
    )
    (provider,) = schedule(staff_client_for(denver), denver).json()["providers"]
    assert set(provider) == set(ScheduleProviderOutput().fields)
    assert set(provider["appointments"][0]) == set(ScheduleAppointmentOutput().fields)


def test_each_dose_says_how_its_ride_home_stands(clock, denver, consultation, provider_at, staff_client_for):
    iv = ServiceTypeFactory(clinic=denver, iv=True)
    provider = provider_at(denver, start=time(8), end=time(20))
    doses = [
        AppointmentFactory(service=iv, provider=provider, starts_at=datetime(2026, 2, 3, 8 + 3 * n, tzinfo=DENVER))
        for n in range(3)
    ]
    answered = datetime(2026, 2, 2, tzinfo=UTC)
    RideHome.objects.create(appointment=doses[0], answer=RideHome.Answer.CONFIRMED, answered_at=answered)
    RideHome.objects.create(appointment=doses[1], answer=RideHome.Answer.NEEDS_HELP, answered_at=answered)
    talk = AppointmentFactory(
        service=consultation, provider=provider, starts_at=datetime(2026, 2, 3, 18, tzinfo=DENVER)
    )
    rows = {row["id"]: row["ride_home"] for row in listed(schedule(staff_client_for(denver), denver).json())}
    assert rows == {
        str(doses[0].pk): "confirmed",
        str(doses[1].pk): "needs_help",
        str(doses[2].pk): "not_confirmed",
        str(talk.pk): None,
    }


def test_a_week_view_and_closed_days(clock, denver, consultation, provider_at, staff_client_for):
    provider_at(denver)
    ClosureFactory(clinic=denver, starts_on=date(2026, 2, 5), ends_on=date(2026, 2, 5))
    body = schedule(staff_client_for(denver), denver, days=7).json()
    assert body["end"] == "2026-02-09"
    (row,) = body["providers"]
    days = [local(span["start"])[:10] for span in row["hours"]]
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


def test_the_request_audits_every_appointment_read_in_one_insert(
    clock, denver, consultation, provider_at, staff_client_for
):
    """The whole request: as many statements for a day of one appointment as for a week of many, and
    one of them writes every audit row."""
    quiet, busy = (provider_at(denver, start=time(8), end=time(20)) for _ in range(2))
    client = staff_client_for(denver)
    AppointmentFactory(service=consultation, provider=quiet, starts_at=datetime(2026, 2, 3, 9, tzinfo=DENVER))
    schedule(client, denver)  # the session's first request also renews it
    with CaptureQueriesContext(connection) as day:
        schedule(client, denver)
    _book_a_busy_week(denver, consultation, busy, per_day=8)
    with CaptureQueriesContext(connection) as week:
        assert len(listed(schedule(client, denver, days=7).json())) == 1 + 56
    inserts = [query["sql"] for query in week.captured_queries if query["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and '"audit_auditevent"' in inserts[0]
    assert len(week) == len(day)


def test_a_busy_week_stays_compact(clock, denver, consultation, provider_at, staff_client_for):
    """A size, not a time: at most 270 bytes an appointment, so that a busy clinic's week of 550 stays
    under 150 KB (it was about 1 KB each when every appointment carried its clinic, service, provider
    and patient nested in)."""
    iv = ServiceTypeFactory(clinic=denver, iv=True, slug="iv-infusion", name="IV ketamine infusion")
    chair = ChairFactory(clinic=denver)
    providers = [provider_at(denver, start=time(8), end=time(20)) for _ in range(4)]
    for provider in providers[1:]:
        _book_a_busy_week(denver, consultation, provider, per_day=8)
    _book_a_busy_week(denver, iv, providers[0], per_day=4, every=180, chair=chair)
    response = schedule(staff_client_for(denver), denver, days=7)
    shown = len(listed(response.json()))
    assert shown == 7 * (3 * 8 + 4)
    assert len(response.content) / shown <= 270


def _book_a_busy_week(clinic, service, provider, *, per_day, every=90, chair=None):
    """``per_day`` appointments a day (one ``every`` minutes from 08:00) from 3 February 2026, each
    with a patient of their own with a full name."""
    patients = PatientFactory.create_batch(per_day * 7)
    PatientProfile.objects.filter(user__in=patients).update(preferred_name="", legal_name="Alexandra Thompson")
    starts = [
        datetime.combine(date(2026, 2, 3) + timedelta(days=day), time(8), tzinfo=DENVER) + timedelta(minutes=every * n)
        for day in range(7)
        for n in range(per_day)
    ]
    Appointment.objects.bulk_create(
        AppointmentFactory.build(service=service, provider=provider, chair=chair, patient=patient, starts_at=start)
        for patient, start in zip(patients, starts, strict=True)
    )
