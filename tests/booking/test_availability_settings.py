"""Staff manage availability: weekly hours, overrides, closures, chairs and services. Who may change
what, another clinic's objects answering 404, validation, and the refusal of a change that would strand
booked appointments (with the list of them)."""

from datetime import date, datetime, time

import pytest
from django.db import IntegrityError, transaction

from apps.audit.models import AuditEvent
from apps.booking.models import AppointmentStatus, AvailabilityOverride, ServiceType, WeeklyHours
from apps.booking.selectors.availability import availability_for
from tests.clinics.factories import ClinicFactory, MembershipFactory, OrganizationAdminFactory, ProviderProfileFactory

from .conftest import NOW
from .factories import (
    AppointmentFactory,
    ChairFactory,
    ClosureFactory,
    OverrideFactory,
    ServiceTypeFactory,
    WeeklyHoursFactory,
)

pytestmark = pytest.mark.django_db

# NOW (conftest) is Monday 2026-02-02 02:00 in Denver. Tuesday 2026-02-03 is the day most tests use.
TUESDAY = 1


def url(clinic, resource, object_id=None):
    base = f"/api/v1/clinics/{clinic.slug}/{resource}"
    return base if object_id is None else f"{base}/{object_id}"


@pytest.fixture
def provider(denver):
    """A provider at Denver who works Tuesdays 13:00-18:00 there, with MFA (they sign in themselves)."""
    profile = ProviderProfileFactory(display_name="Dr. Rivera")
    MembershipFactory(clinic=denver, user=profile.user, role="provider")
    WeeklyHoursFactory(provider=profile, clinic=denver, weekday=TUESDAY, start_time=time(13), end_time=time(18))
    return profile


@pytest.fixture
def admin(denver, staff_client_for):
    return staff_client_for(denver, role="clinic_admin")


@pytest.fixture
def tuesday_hours(provider):
    return WeeklyHours.objects.get(provider=provider, weekday=TUESDAY)


@pytest.fixture
def booked(denver, consultation, provider, denver_patient):
    """A confirmed consultation with the provider on Tuesday 15:00 Denver time."""
    denver_patient.patient_profile.legal_name = "Ada Lovelace"
    denver_patient.patient_profile.preferred_name = ""
    denver_patient.patient_profile.save()
    return AppointmentFactory(
        service=consultation,
        provider=provider,
        patient=denver_patient,
        starts_at=datetime.fromisoformat("2026-02-03T15:00-07:00"),
    )


def as_provider(client_for, provider):
    return client_for(provider.user)


# --- Weekly hours ------------------------------------------------------------------------------------


def test_an_admin_adds_hours_and_they_become_bookable(clock, denver, consultation, provider, admin):
    response = admin.post(
        url(denver, "weekly-hours"),
        {"provider": str(provider.user_id), "weekday": 2, "start_time": "09:00", "end_time": "12:00"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["start_time"] == "09:00" and response.json()["provider"]["display_name"] == "Dr. Rivera"
    wednesday = availability_for(
        clinic=denver,
        service=consultation,
        first_day=date(2026, 2, 4),
        last_day=date(2026, 2, 4),
        at=NOW,
        patient_rules=False,
    )
    first = wednesday.slots[0].start.astimezone(wednesday.zone)
    assert (first.hour, first.minute) == (9, 0)


def test_the_hours_list_is_one_clinics_and_takes_a_fixed_number_of_queries(
    clock, denver, provider, admin, django_assert_num_queries
):
    other = ProviderProfileFactory()
    MembershipFactory(clinic=denver, user=other.user, role="provider")
    for weekday in range(5):
        WeeklyHoursFactory(provider=other, clinic=denver, weekday=weekday)
    WeeklyHoursFactory(provider=provider, clinic=ClinicFactory(), weekday=3)  # elsewhere: not listed
    admin.get(url(denver, "chairs"))  # the first request of a session also touches the session's idle timer
    # The user, staff and MFA checks, the clinic, the caller's role, the rows: none per row.
    with django_assert_num_queries(6):
        response = admin.get(url(denver, "weekly-hours"))
    assert response.status_code == 200
    assert len(response.json()) == 6
    only = admin.get(url(denver, "weekly-hours"), {"provider": str(provider.user_id)}).json()
    assert [(row["weekday"], row["start_time"], row["end_time"]) for row in only] == [(1, "13:00", "18:00")]


def test_end_before_start_and_overlaps_are_refused_with_field_errors(clock, denver, provider, admin, tuesday_hours):
    backwards = admin.post(
        url(denver, "weekly-hours"),
        {"provider": str(provider.user_id), "weekday": 1, "start_time": "12:00", "end_time": "09:00"},
        format="json",
    )
    assert backwards.status_code == 400
    assert backwards.json()["fields"]["end_time"] == ["The end must be after the start."]

    overlapping = admin.post(
        url(denver, "weekly-hours"),
        {"provider": str(provider.user_id), "weekday": 1, "start_time": "17:00", "end_time": "19:00"},
        format="json",
    )
    assert overlapping.status_code == 409
    body = overlapping.json()
    assert body["code"] == "hours_overlap" and "Tuesday 13:00–18:00" in body["fields"]["start_time"][0]

    back_to_back = admin.post(
        url(denver, "weekly-hours"),
        {"provider": str(provider.user_id), "weekday": 1, "start_time": "18:00", "end_time": "20:00"},
        format="json",
    )
    assert back_to_back.status_code == 201


def test_hours_at_another_clinic_in_another_zone_are_compared_as_instants(clock, denver, provider, admin):
    """Wednesdays 12:00-13:00 in Chicago are 11:00-12:00 in Denver: the provider may work 12:00-13:00
    in Denver (the same wall-clock time, another hour), but not 10:30-11:30."""
    chicago = ClinicFactory(organization=denver.organization, timezone="America/Chicago", name="Lakeside Chicago")
    WeeklyHoursFactory(provider=provider, clinic=chicago, weekday=2, start_time=time(12), end_time=time(13))
    after = admin.post(
        url(denver, "weekly-hours"),
        {"provider": str(provider.user_id), "weekday": 2, "start_time": "12:00", "end_time": "13:00"},
        format="json",
    )
    assert after.status_code == 201
    during = admin.put(
        url(denver, "weekly-hours", after.json()["id"]),
        {"weekday": 2, "start_time": "10:30", "end_time": "11:30"},
        format="json",
    )
    assert during.status_code == 409
    assert during.json()["fields"]["start_time"] == [
        "Dr. Rivera already works Wednesday 12:00–13:00 at Lakeside Chicago. Shifts may not overlap."
    ]


def test_shrinking_hours_under_a_booked_appointment_is_refused_with_the_list(
    clock, denver, provider, admin, tuesday_hours, booked
):
    response = admin.put(
        url(denver, "weekly-hours", tuesday_hours.pk),
        {"weekday": 1, "start_time": "13:00", "end_time": "15:00"},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "would_orphan_appointments"
    assert "1 booked appointment" in body["message"]
    (listed,) = body["appointments"]
    assert listed["id"] == str(booked.pk)
    assert listed["clinic_time"]["local"] == "2026-02-03T15:00"
    assert listed["patient"]["display_name"] == "Ada Lovelace"
    assert listed["provider"]["display_name"] == "Dr. Rivera"
    assert listed["service"]["name"] == "Initial consultation"
    tuesday_hours.refresh_from_db()
    assert tuesday_hours.end_time == time(18)  # nothing changed
    assert AuditEvent.objects.filter(actor=admin.user, action="read", object_id=str(booked.pk)).count() == 1

    assert admin.delete(url(denver, "weekly-hours", tuesday_hours.pk)).status_code == 409
    assert WeeklyHours.objects.filter(pk=tuesday_hours.pk).exists()


def test_hours_may_change_around_appointments_and_cancelled_or_past_ones_do_not_count(
    clock, denver, consultation, provider, admin, tuesday_hours, booked
):
    around = admin.put(
        url(denver, "weekly-hours", tuesday_hours.pk),
        {"weekday": 1, "start_time": "14:00", "end_time": "16:00"},
        format="json",
    )
    assert around.status_code == 200
    booked.status = AppointmentStatus.CANCELLED
    booked.save()
    AppointmentFactory(
        service=consultation,
        provider=provider,
        status=AppointmentStatus.COMPLETED,
        starts_at=datetime.fromisoformat("2026-01-27T15:00-07:00"),
    )
    assert admin.delete(url(denver, "weekly-hours", tuesday_hours.pk)).status_code == 204


def test_a_dst_day_keeps_its_wall_clock_hours(clock, denver, consultation, provider, admin):
    """Sunday 8 March 2026 springs forward in Denver: hours 13:00-18:00 still mean 13:00-18:00 MDT, so
    an appointment at 14:00 MDT is inside them, and hours shrunk to 13:00-14:00 strand it."""
    sunday = WeeklyHoursFactory(provider=provider, clinic=denver, weekday=6, start_time=time(13), end_time=time(18))
    appointment = AppointmentFactory(
        service=consultation, provider=provider, starts_at=datetime.fromisoformat("2026-03-08T14:00-06:00")
    )
    response = admin.put(
        url(denver, "weekly-hours", sunday.pk),
        {"weekday": 6, "start_time": "13:00", "end_time": "14:30"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["appointments"][0]["clinic_time"] == {
        "local": "2026-03-08T14:00",
        "utc_offset": "-06:00",
        "abbreviation": "MDT",
    }
    assert response.json()["appointments"][0]["id"] == str(appointment.pk)
    fits = admin.put(
        url(denver, "weekly-hours", sunday.pk),
        {"weekday": 6, "start_time": "14:00", "end_time": "15:00"},
        format="json",
    )
    assert fits.status_code == 200


# --- Who may change what ---------------------------------------------------------------------------


def test_a_provider_edits_their_own_hours_but_not_a_colleagues(clock, denver, provider, client_for, tuesday_hours):
    client = as_provider(client_for, provider)
    own = client.put(
        url(denver, "weekly-hours", tuesday_hours.pk),
        {"weekday": 1, "start_time": "12:00", "end_time": "18:00"},
        format="json",
    )
    assert own.status_code == 200
    colleague = ProviderProfileFactory()
    MembershipFactory(clinic=denver, user=colleague.user, role="provider")
    theirs = WeeklyHoursFactory(provider=colleague, clinic=denver)
    refused = client.delete(url(denver, "weekly-hours", theirs.pk))
    assert refused.status_code == 403 and refused.json()["code"] == "own_hours_only"
    create = client.post(
        url(denver, "weekly-hours"),
        {"provider": str(colleague.user_id), "weekday": 4, "start_time": "09:00", "end_time": "10:00"},
        format="json",
    )
    assert create.status_code == 403
    time_off = client.post(
        url(denver, "overrides"),
        {"provider": str(provider.user_id), "kind": "time_off", "date": "2026-02-10"},
        format="json",
    )
    assert time_off.status_code == 201
    assert client.post(url(denver, "closures"), {"starts_on": "2026-03-01", "ends_on": "2026-03-01"}).status_code == 403
    assert client.post(url(denver, "chairs"), {"name": "Chair 9"}).status_code == 403


def test_front_desk_reads_everything_and_changes_nothing(clock, denver, provider, staff_client_for, tuesday_hours):
    client = staff_client_for(denver, role="front_desk")
    for resource in ("availability-settings", "weekly-hours", "overrides", "closures", "chairs", "service-types"):
        assert client.get(url(denver, resource)).status_code == 200, resource
    settings = client.get(url(denver, "availability-settings")).json()
    assert settings["role"] == "front_desk" and settings["may_edit_clinic"] is False
    assert settings["providers"][0]["may_edit"] is False
    assert client.delete(url(denver, "weekly-hours", tuesday_hours.pk)).json()["code"] == "own_hours_only"
    assert client.post(url(denver, "chairs"), {"name": "Chair 9"}).json()["code"] == "clinic_admin_only"
    assert WeeklyHours.objects.filter(pk=tuesday_hours.pk).exists()


def test_an_organization_admin_acts_as_the_clinics_admin(clock, denver, provider, client_for):
    admin = OrganizationAdminFactory(organization=denver.organization).user
    client = client_for(admin)
    assert client.get(url(denver, "availability-settings")).json()["may_edit_clinic"] is True
    assert client.post(url(denver, "chairs"), {"name": "Recliner"}).status_code == 201


def test_staff_without_mfa_and_patients_are_refused(clock, denver, staff_client_for, client_for, denver_patient):
    assert staff_client_for(denver, mfa=False).get(url(denver, "weekly-hours")).json()["code"] == "mfa_required"
    assert client_for(denver_patient).get(url(denver, "weekly-hours")).status_code == 403


def test_another_clinics_objects_answer_404(clock, denver, provider, admin):
    elsewhere = ClinicFactory(organization=denver.organization)
    hours = WeeklyHoursFactory(provider=provider, clinic=elsewhere, weekday=4)
    override = OverrideFactory(provider=provider, clinic=elsewhere, date=date(2026, 2, 10))
    closure = ClosureFactory(clinic=elsewhere, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 1))
    chair = ChairFactory(clinic=elsewhere)
    service = ServiceTypeFactory(clinic=elsewhere)
    attempts = [
        admin.put(url(denver, "weekly-hours", hours.pk), {"weekday": 4, "start_time": "09:00", "end_time": "10:00"}),
        admin.delete(url(denver, "weekly-hours", hours.pk)),
        admin.delete(url(denver, "overrides", override.pk)),
        admin.delete(url(denver, "closures", closure.pk)),
        admin.patch(url(denver, "chairs", chair.pk), {"is_active": False}, format="json"),
        admin.patch(url(denver, "service-types", service.pk), {"price_cents": 1}, format="json"),
    ]
    assert [response.status_code for response in attempts] == [404] * 6
    assert admin.get(url(elsewhere, "weekly-hours")).status_code == 404
    unknown_provider = admin.post(
        url(denver, "weekly-hours"),
        {"provider": str(ProviderProfileFactory().user_id), "weekday": 1, "start_time": "08:00", "end_time": "09:00"},
        format="json",
    )
    assert unknown_provider.status_code == 400 and "provider" in unknown_provider.json()["fields"]


# --- Overrides and closures ------------------------------------------------------------------------


def test_time_off_over_a_booked_appointment_is_refused(clock, denver, provider, admin, booked):
    whole_day = admin.post(
        url(denver, "overrides"),
        {"provider": str(provider.user_id), "kind": "time_off", "date": "2026-02-03"},
        format="json",
    )
    assert whole_day.status_code == 409
    assert whole_day.json()["appointments"][0]["id"] == str(booked.pk)
    assert not AvailabilityOverride.objects.exists()
    morning_off = admin.post(
        url(denver, "overrides"),
        {
            "provider": str(provider.user_id),
            "kind": "time_off",
            "date": "2026-02-03",
            "start_time": "13:00",
            "end_time": "14:30",
        },
        format="json",
    )
    assert morning_off.status_code == 201
    listed = admin.get(url(denver, "overrides")).json()
    assert [(row["kind"], row["date"], row["start_time"], row["everywhere"]) for row in listed] == [
        ("time_off", "2026-02-03", "13:00", False)
    ]


def test_removing_extra_hours_an_appointment_uses_is_refused(clock, denver, consultation, provider, admin):
    extra = admin.post(
        url(denver, "overrides"),
        {
            "provider": str(provider.user_id),
            "kind": "extra_hours",
            "date": "2026-02-05",
            "start_time": "08:00",
            "end_time": "10:00",
        },
        format="json",
    )
    assert extra.status_code == 201
    AppointmentFactory(
        service=consultation, provider=provider, starts_at=datetime.fromisoformat("2026-02-05T08:00-07:00")
    )
    assert admin.delete(url(denver, "overrides", extra.json()["id"])).status_code == 409


def test_override_validation(clock, denver, provider, admin):
    def post(**fields):
        body = {"provider": str(provider.user_id), "kind": "time_off", "date": "2026-02-10", **fields}
        return admin.post(url(denver, "overrides"), body, format="json")

    in_the_past, half_a_span = post(date="2026-01-30").json(), post(start_time="10:00").json()
    assert in_the_past["fields"] == {"date": ["Choose today or a later date."]}
    assert "end_time" in half_a_span["fields"]
    # The service found the first mistake, the serializer the second: one code whichever layer did.
    assert in_the_past["code"] == half_a_span["code"] == "invalid"
    assert "start_time" in post(kind="extra_hours").json()["fields"]
    assert post(start_time="11:00", end_time="10:00").json()["fields"]["end_time"] == [
        "The end must be after the start."
    ]


def test_a_closure_over_booked_days_is_refused_and_dates_must_be_in_order(clock, denver, admin, booked):
    refused = admin.post(url(denver, "closures"), {"starts_on": "2026-02-02", "ends_on": "2026-02-04"}, format="json")
    assert refused.status_code == 409 and refused.json()["appointments"][0]["id"] == str(booked.pk)
    backwards = admin.post(url(denver, "closures"), {"starts_on": "2026-02-10", "ends_on": "2026-02-09"}, format="json")
    assert backwards.json()["fields"] == {"ends_on": ["The last day is before the first day."]}
    created = admin.post(
        url(denver, "closures"), {"starts_on": "2026-02-04", "ends_on": "2026-02-05", "reason": "Staff training"}
    )
    assert created.status_code == 201
    assert admin.get(url(denver, "closures")).json() == [
        {"id": created.json()["id"], "starts_on": "2026-02-04", "ends_on": "2026-02-05", "reason": "Staff training"}
    ]
    assert admin.delete(url(denver, "closures", created.json()["id"])).status_code == 204


# --- Chairs and services ---------------------------------------------------------------------------


def test_a_chair_booked_for_an_upcoming_session_cannot_be_taken_out_of_use(
    clock, denver, provider, admin, denver_patient
):
    iv = ServiceTypeFactory(clinic=denver, iv=True)
    chair = ChairFactory(clinic=denver, name="Chair 1")
    AppointmentFactory(
        service=iv, provider=provider, chair=chair, starts_at=datetime.fromisoformat("2026-02-03T13:00-07:00")
    )
    refused = admin.patch(url(denver, "chairs", chair.pk), {"is_active": False}, format="json")
    assert refused.status_code == 409 and len(refused.json()["appointments"]) == 1
    renamed = admin.patch(url(denver, "chairs", chair.pk), {"name": "Window chair"}, format="json")
    assert renamed.json() == {"id": chair.pk, "name": "Window chair", "is_active": True}
    duplicate = admin.post(url(denver, "chairs"), {"name": "Window chair"}, format="json")
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "name_taken"
    spare = ChairFactory(clinic=denver, name="Spare")
    assert admin.patch(url(denver, "chairs", spare.pk), {"is_active": False}, format="json").status_code == 200


def test_services_are_created_priced_validated_and_not_retired_while_booked(clock, denver, consultation, admin, booked):
    created = admin.post(
        url(denver, "service-types"),
        {
            "name": "IM booster",
            "kind": "booster",
            "modality": "in_person",
            "route": "im_injection",
            "duration_minutes": 30,
            "recovery_minutes": 60,
            "needs_chair": True,
            "price_cents": 30000,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["slug"] == "im-booster"
    invalid = admin.post(
        url(denver, "service-types"),
        {
            "name": "Video booster",
            "kind": "booster",
            "modality": "telehealth",
            "duration_minutes": 2,
            "needs_chair": True,
            "currency": "usd",
        },
        format="json",
    )
    assert invalid.status_code == 400
    assert set(invalid.json()["fields"]) == {"duration_minutes", "currency"}
    shape = admin.post(
        url(denver, "service-types"),
        {
            "name": "Video booster",
            "kind": "booster",
            "modality": "telehealth",
            "duration_minutes": 30,
            "needs_chair": True,
        },
        format="json",
    )
    assert set(shape.json()["fields"]) == {"route", "needs_chair"}

    repriced = admin.patch(url(denver, "service-types", consultation.pk), {"price_cents": 27500}, format="json")
    assert repriced.status_code == 200 and repriced.json()["price_cents"] == 27500
    retired = admin.patch(url(denver, "service-types", consultation.pk), {"is_active": False}, format="json")
    assert retired.status_code == 409 and retired.json()["appointments"][0]["id"] == str(booked.pk)
    assert ServiceType.objects.get(pk=consultation.pk).is_active


def test_the_service_and_chair_lists_take_a_fixed_number_of_queries(clock, denver, admin, django_assert_num_queries):
    for _ in range(3):
        ServiceTypeFactory(clinic=denver)
        ChairFactory(clinic=denver)
    admin.get(url(denver, "availability-settings"))  # the first request also touches the session
    for resource in ("service-types", "chairs", "closures", "overrides"):
        with django_assert_num_queries(6):
            assert admin.get(url(denver, resource)).status_code == 200


@pytest.mark.postgres
def test_the_database_refuses_overlapping_weekly_hours_at_one_clinic(denver, provider, tuesday_hours):
    """The last line of defence behind the service's check (migration 0004): a shift may start when the
    previous one ends, but not before."""
    WeeklyHoursFactory(provider=provider, clinic=denver, weekday=TUESDAY, start_time=time(18), end_time=time(19))
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyHoursFactory(provider=provider, clinic=denver, weekday=TUESDAY, start_time=time(17), end_time=time(20))
