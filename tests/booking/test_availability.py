"""GET /api/v1/clinics/{clinic}/availability: the engine fed from the database."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from apps.booking.api.serializers.availability import AvailabilityOutput, availability_body
from apps.booking.api.serializers.instants import utc_text, wall_clock
from apps.booking.models import AppointmentStatus, OverrideKind
from apps.booking.selectors.availability import availability_for
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderLicenseFactory, ProviderProfileFactory

from .conftest import NOW
from .factories import (
    AppointmentFactory,
    ChairFactory,
    ClosureFactory,
    OverrideFactory,
    ServiceTypeFactory,
    every_day_hours,
)

pytestmark = pytest.mark.django_db


def availability(client, clinic, service, start, end=None, **params):
    query = {"service": service.slug, "start": str(start), "end": str(end or start), **params}
    return client.get(f"/api/v1/clinics/{clinic.slug}/availability", query)


def local_times(body, key="clinic_time"):
    return [slot[key]["local"][11:] for slot in body["slots"]]


def test_a_day_of_slots_on_the_clinic_grid_with_instant_wall_time_and_offset(
    clock, denver, consultation, provider_at, denver_patient, client_for
):
    provider = provider_at(denver)
    response = availability(client_for(denver_patient), denver, consultation, date(2026, 2, 3))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert local_times(body)[0] == "13:00" and local_times(body)[-1] == "17:00" and len(body["slots"]) == 17
    first = body["slots"][0]
    assert first["start"] == "2026-02-03T20:00:00Z"
    assert first["clinic_time"] == {"local": "2026-02-03T13:00", "utc_offset": "-07:00", "abbreviation": "MST"}
    assert first["providers"] == [
        {"id": str(provider.user_id), "display_name": provider.display_name, "credentials": "MD"}
    ]
    assert first["chairs_free"] is None
    assert body["clinic"]["timezone"] == "America/Denver"


@pytest.mark.parametrize(
    ("day", "now", "london", "offset"),
    [
        # Spring 2026: the US changes on 8 March, the EU on 29 March.
        (date(2026, 3, 6), NOW, "20:00", "-07:00"),
        (date(2026, 3, 10), NOW, "19:00", "-06:00"),
        (date(2026, 3, 27), NOW, "19:00", "-06:00"),
        (date(2026, 3, 30), NOW, "20:00", "-06:00"),
        # Autumn 2026: the EU changes back on 25 October, the US on 1 November.
        (date(2026, 10, 23), datetime.fromisoformat("2026-10-01T00:00Z"), "20:00", "-06:00"),
        (date(2026, 10, 27), datetime.fromisoformat("2026-10-01T00:00Z"), "19:00", "-06:00"),
        (date(2026, 11, 2), datetime.fromisoformat("2026-10-01T00:00Z"), "20:00", "-07:00"),
    ],
)
def test_a_london_patient_sees_denver_hours_stay_13_to_18_local_while_their_own_clock_shifts(
    clock, denver, consultation, provider_at, client_for, day, now, london, offset
):
    clock.move_to(now, tick=False)
    provider_at(denver)
    patient = PatientFactory(profile__timezone="Europe/London", profile__region="GB-LND")
    body = availability(client_for(patient), denver, consultation, day).json()
    first = body["slots"][0]
    assert (first["clinic_time"]["local"][11:], first["clinic_time"]["utc_offset"]) == ("13:00", offset)
    assert first["viewer_time"]["local"][11:] == london
    assert local_times(body)[-1] == "17:00"
    assert body["viewer_timezone"] == "Europe/London"


def test_the_london_patient_books_in_the_gap_week_and_keeps_denver_local_time(
    clock, denver, consultation, provider_at, client_for
):
    provider_at(denver)
    patient = PatientFactory(profile__timezone="Europe/London")
    client = client_for(patient)
    slot = availability(client, denver, consultation, date(2026, 3, 10)).json()["slots"][0]
    response = client.post(
        "/api/v1/appointments", {"clinic": "denver", "service": "consult", "start": slot["start"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["start"] == "2026-03-10T19:00:00Z"
    assert response.json()["clinic_time"]["local"] == "2026-03-10T13:00"
    assert response.json()["patient_time"] == {
        "local": "2026-03-10T19:00",
        "utc_offset": "+00:00",
        "abbreviation": "GMT",
    }
    ics = client.get(f"/api/v1/appointments/{response.json()['id']}/calendar.ics").content.decode()
    assert "DTSTART:20260310T190000Z" in ics


def test_new_york_daylight_saving_days_keep_afternoon_hours_and_never_offer_a_skipped_time(
    clock, provider_at, client_for, denver_patient
):
    brooklyn = ClinicFactory(timezone="America/New_York", region="US-NY")
    night_owl = ServiceTypeFactory(clinic=brooklyn, duration_minutes=30, slot_step_minutes=30)
    provider_at(brooklyn, start=time(0, 0), end=time(4, 0))
    provider_at(brooklyn)
    client = client_for(denver_patient)
    spring = availability(client, brooklyn, night_owl, date(2026, 3, 8)).json()
    times = local_times(spring)
    assert not [t for t in times if t.startswith("02:")]
    assert "13:00" in times and times[-1] == "17:30"
    offsets = {
        (slot["clinic_time"]["local"] > "2026-03-08T02", slot["clinic_time"]["utc_offset"]) for slot in spring["slots"]
    }
    assert offsets == {(False, "-05:00"), (True, "-04:00")}
    clock.move_to(datetime.fromisoformat("2026-10-01T00:00Z"), tick=False)
    autumn = availability(client_for(denver_patient), brooklyn, night_owl, date(2026, 11, 1)).json()
    repeated = [(s["clinic_time"]["local"][11:], s["clinic_time"]["utc_offset"]) for s in autumn["slots"]][2:8]
    assert repeated == [
        ("01:00", "-04:00"), ("01:30", "-04:00"), ("01:00", "-05:00"), ("01:30", "-05:00"), ("02:00", "-05:00"),
        ("02:30", "-05:00"),
    ]  # fmt: skip


def test_overrides_closures_and_existing_appointments_with_buffers_shape_the_day(
    clock, denver, provider_at, client_for, denver_patient
):
    service = ServiceTypeFactory(clinic=denver, buffer_before_minutes=15, buffer_after_minutes=15)
    provider = provider_at(denver)
    tuesday, wednesday, thursday = date(2026, 2, 3), date(2026, 2, 4), date(2026, 2, 5)
    AppointmentFactory(service=service, provider=provider, starts_at=datetime.fromisoformat("2026-02-03T14:00-07:00"))
    OverrideFactory(provider=provider, clinic=None, date=wednesday)  # a whole day off, everywhere
    extra = {"kind": OverrideKind.EXTRA_HOURS, "start_time": time(9), "end_time": time(10)}
    OverrideFactory(provider=provider, clinic=denver, date=thursday, **extra)
    OverrideFactory(provider=provider, clinic=denver, date=thursday, start_time=time(15), end_time=time(18))
    ClosureFactory(clinic=denver, starts_on=date(2026, 2, 6), ends_on=date(2026, 2, 7))
    body = availability(client_for(denver_patient), denver, service, tuesday, date(2026, 2, 8)).json()
    by_day = {}
    for slot in body["slots"]:
        by_day.setdefault(slot["clinic_time"]["local"][:10], []).append(slot["clinic_time"]["local"][11:])
    assert by_day["2026-02-03"] == ["15:30", "15:45", "16:00", "16:15", "16:30", "16:45", "17:00"]
    assert "2026-02-04" not in by_day
    assert by_day["2026-02-05"] == ["09:00", "13:00", "13:15", "13:30", "13:45", "14:00"]
    assert "2026-02-06" not in by_day and "2026-02-07" not in by_day
    assert by_day["2026-02-08"][0] == "13:00"


def test_chairs_limit_dosing_and_stay_occupied_through_recovery(clock, denver, provider_at, client_for, denver_patient):
    iv = ServiceTypeFactory(clinic=denver, iv=True)
    first, second = provider_at(denver), provider_at(denver)
    chair = ChairFactory(clinic=denver)
    AppointmentFactory(
        service=iv, provider=first, chair=chair, starts_at=datetime.fromisoformat("2026-02-03T13:00-07:00")
    )
    body = availability(client_for(denver_patient), denver, iv, date(2026, 2, 3)).json()
    # One chair, busy 13:00-15:40; the last visit (40 + 120 min) must end by 18:00: none fits.
    assert body["slots"] == []
    ChairFactory(clinic=denver)
    body = availability(client_for(denver_patient), denver, iv, date(2026, 2, 3)).json()
    assert local_times(body)[0] == "13:00" and local_times(body)[-1] == "15:15"
    assert body["slots"][0]["chairs_free"] == 1
    assert [p["id"] for p in body["slots"][0]["providers"]] == [str(second.user_id)]


def test_an_expired_hold_does_not_block_but_a_live_one_does(clock, denver, consultation, provider_at, client_for):
    provider = provider_at(denver)
    patient = PatientFactory()
    AppointmentFactory(
        service=consultation,
        provider=provider,
        status=AppointmentStatus.HELD,
        hold_expires_at=NOW - timedelta(minutes=1),
        starts_at=datetime.fromisoformat("2026-02-03T13:00-07:00"),
    )
    AppointmentFactory(
        service=consultation,
        provider=provider,
        status=AppointmentStatus.HELD,
        hold_expires_at=NOW + timedelta(minutes=5),
        starts_at=datetime.fromisoformat("2026-02-03T16:00-07:00"),
    )
    times = local_times(availability(client_for(patient), denver, consultation, date(2026, 2, 3)).json())
    assert "13:00" in times and "15:00" in times and "17:00" in times
    assert "15:15" not in times and "16:00" not in times and "16:45" not in times


def test_patients_get_minimum_notice_and_horizon_staff_do_not(
    clock, denver, provider_at, client_for, staff_client_for, denver_patient
):
    service = ServiceTypeFactory(clinic=denver, minimum_notice_minutes=48 * 60, horizon_days=10)
    provider_at(denver)
    patient_view = availability(client_for(denver_patient), denver, service, date(2026, 2, 2), date(2026, 2, 14)).json()
    days = sorted({slot["clinic_time"]["local"][:10] for slot in patient_view["slots"]})
    # Now is 2 Feb 02:00 Denver: 48 hours' notice opens 4 Feb 02:00; the horizon closes 12 Feb 02:00.
    assert days[0] == "2026-02-04" and days[-1] == "2026-02-11"
    staff_view = availability(staff_client_for(denver), denver, service, date(2026, 2, 2), date(2026, 2, 14)).json()
    days = sorted({slot["clinic_time"]["local"][:10] for slot in staff_view["slots"]})
    assert days[0] == "2026-02-02" and days[-1] == "2026-02-14"


def test_telehealth_is_offered_by_providers_licensed_in_the_patients_region_at_any_clinic_of_the_network(
    clock, denver, client_for
):
    consult = ServiceTypeFactory(clinic=denver, telehealth=True, slug="video")
    brooklyn = ClinicFactory(timezone="America/New_York", region="US-NY", organization=denver.organization)
    elsewhere = ClinicFactory(organization__slug="other-network", timezone="America/Denver")
    licensed_in_brooklyn = ProviderProfileFactory(display_name="A Licensed")
    unlicensed_in_denver = ProviderProfileFactory(display_name="B Unlicensed")
    lapsed = ProviderProfileFactory(display_name="C Lapsed")
    other_network = ProviderProfileFactory(display_name="D Other network")
    for provider, clinic in [
        (licensed_in_brooklyn, brooklyn),
        (unlicensed_in_denver, denver),
        (lapsed, denver),
        (other_network, elsewhere),
    ]:
        MembershipFactory(clinic=clinic, user=provider.user, role="provider")
        every_day_hours(provider, clinic)
    ProviderLicenseFactory(provider=licensed_in_brooklyn, region="US-CO")
    ProviderLicenseFactory(provider=unlicensed_in_denver, region="US-UT")
    ProviderLicenseFactory(provider=lapsed, region="US-CO", expires_on=date(2026, 2, 3))
    ProviderLicenseFactory(provider=other_network, region="US-CO")
    patient = PatientFactory(profile__region="US-CO")

    body = availability(client_for(patient), denver, consult, date(2026, 2, 3), date(2026, 2, 4)).json()
    names_by_time = {s["clinic_time"]["local"]: [p["display_name"] for p in s["providers"]] for s in body["slots"]}
    # Brooklyn's 13:00-18:00 is 11:00-16:00 in Denver; the lapsed licence counts through 3 Feb only.
    assert names_by_time["2026-02-03T11:00"] == ["A Licensed"]
    assert names_by_time["2026-02-03T14:00"] == ["A Licensed", "C Lapsed"]
    assert names_by_time["2026-02-04T14:00"] == ["A Licensed"]
    assert names_by_time["2026-02-03T16:00"] == ["C Lapsed"]


def test_in_person_services_are_only_offered_by_the_clinics_own_providers(clock, denver, consultation, client_for):
    brooklyn = ClinicFactory(timezone="America/New_York", organization=denver.organization)
    away = ProviderProfileFactory()
    MembershipFactory(clinic=brooklyn, user=away.user, role="provider")
    every_day_hours(away, brooklyn)
    ProviderLicenseFactory(provider=away, region="US-CO")
    body = availability(client_for(PatientFactory()), denver, consultation, date(2026, 2, 3)).json()
    assert body["slots"] == []


def test_a_named_provider_narrows_the_slots_and_an_unknown_one_is_a_field_error(
    clock, denver, consultation, provider_at, client_for, denver_patient
):
    one, two = provider_at(denver), provider_at(denver, start=time(9), end=time(11))
    client = client_for(denver_patient)
    body = availability(client, denver, consultation, date(2026, 2, 3), provider=str(two.user_id)).json()
    assert local_times(body) == ["09:00", "09:15", "09:30", "09:45", "10:00"]
    assert {p["id"] for slot in body["slots"] for p in slot["providers"]} == {str(two.user_id)}
    response = availability(client, denver, consultation, date(2026, 2, 3), provider=str(denver_patient.pk))
    assert response.status_code == 400 and list(response.json()["fields"]) == ["provider"]
    assert one  # works 13:00-18:00, not asked for


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-02-05", "end": "2026-02-04"}, "end"),
        ({"start": "2026-02-01", "end": "2026-03-15"}, "end"),
        ({"start": "2026-02-30"}, "start"),
        ({"service": "no-such-service"}, "service"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"provider": "not-a-uuid"}, "provider"),
    ],
)
def test_bad_availability_queries_are_400_with_the_field(clock, denver, consultation, client_for, params, field):
    query = {"service": consultation.slug, "start": "2026-02-03", "end": "2026-02-03", **params}
    response = client_for(PatientFactory()).get("/api/v1/clinics/denver/availability", query)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_another_clinics_service_is_not_offered_here_and_an_unknown_clinic_is_404(clock, denver, client_for):
    foreign = ServiceTypeFactory(slug="elsewhere-only")
    client = client_for(PatientFactory())
    assert availability(client, denver, foreign, date(2026, 2, 3)).status_code == 400
    response = client.get(
        "/api/v1/clinics/nowhere/availability", {"service": "x", "start": "2026-02-03", "end": "2026-02-03"}
    )
    assert response.status_code == 404


def test_staff_of_another_clinic_cannot_look_for_a_patient_here(clock, denver, consultation, staff_client_for):
    other = ClinicFactory()
    patient = PatientFactory()
    client = staff_client_for(other)
    response = availability(client, denver, consultation, date(2026, 2, 3), patient=str(patient.pk))
    assert response.status_code == 404


# --- A fixed number of queries -------------------------------------------------------------------


def _selector(clinic, service, days, patient):
    return availability_for(
        clinic=clinic,
        service=service,
        first_day=date(2026, 2, 3),
        last_day=date(2026, 2, 3) + timedelta(days=days - 1),
        at=NOW,
        patient=patient,
    )


# The patient's own visits are read apart from everyone's calendars (one query), so that the rest can
# be shared by every patient through the cache; here the cache is off and every query is counted.
@pytest.mark.parametrize(("service_kind", "queries"), [("consultation", 6), ("iv", 7), ("telehealth", 6)])
def test_availability_takes_the_same_few_queries_for_one_provider_one_day_or_many_over_a_month(
    clock, denver, provider_at, django_assert_num_queries, service_kind, queries
):
    traits = {"consultation": {}, "iv": {"iv": True}, "telehealth": {"telehealth": True}}[service_kind]
    service = ServiceTypeFactory(clinic=denver, **traits)
    patient = PatientFactory(profile__region="US-CO")
    first = provider_at(denver)
    ProviderLicenseFactory(provider=first, region="US-CO")
    ChairFactory(clinic=denver)
    with django_assert_num_queries(queries):
        small = _selector(denver, service, 1, patient)
    assert small.slots

    brooklyn = ClinicFactory(timezone="America/New_York", organization=denver.organization)
    for index in range(7):
        provider = provider_at(denver if index % 2 else brooklyn)
        ProviderLicenseFactory(provider=provider, region="US-CO")
        OverrideFactory(provider=provider, clinic=None, date=date(2026, 2, 10 + index))
        AppointmentFactory(
            service=service,
            provider=provider,
            chair=ChairFactory(clinic=denver) if service.needs_chair else None,
            starts_at=datetime.fromisoformat(f"2026-02-{4 + index:02d}T13:00-07:00"),
        )
    AppointmentFactory(
        service=service, provider=first, patient=patient, starts_at=datetime.fromisoformat("2026-02-20T15:00-07:00")
    )
    ClosureFactory(clinic=denver, starts_on=date(2026, 2, 25), ends_on=date(2026, 2, 25))
    with django_assert_num_queries(queries):
        large = _selector(denver, service, 31, patient)
    assert len(large.slots) > 10 * len(small.slots)
    assert len(large.provider_profiles) > len(small.provider_profiles)


def test_the_answer_built_directly_is_what_its_serializers_give(clock, denver, provider_at):
    iv = ServiceTypeFactory(clinic=denver, iv=True)
    chair, _ = ChairFactory.create_batch(2, clinic=denver)
    busy, _ = provider_at(denver), provider_at(denver)
    AppointmentFactory(
        service=iv, provider=busy, chair=chair, starts_at=datetime.fromisoformat("2026-02-03T13:00-07:00")
    )
    found = availability_for(clinic=denver, service=iv, first_day=date(2026, 2, 3), last_day=date(2026, 2, 4), at=NOW)
    assert {len(slot.provider_ids) for slot in found.slots} == {1, 2}
    assert {len(slot.chair_ids) for slot in found.slots} == {1, 2}
    london = ZoneInfo("Europe/London")

    documented = AvailabilityOutput(
        {
            "clinic": denver,
            "service": iv,
            "start": found.first_day,
            "end": found.last_day,
            "viewer_timezone": "Europe/London",
            "slots": [
                {
                    "start": utc_text(slot.start),
                    "clinic_time": wall_clock(slot.start, found.zone),
                    "viewer_time": wall_clock(slot.start, london),
                    "providers": [found.provider_profiles[pk] for pk in slot.provider_ids],
                    "chairs_free": len(slot.chair_ids),
                }
                for slot in found.slots
            ],
        }
    ).data
    assert availability_body(found, london) == documented
    assert availability_body(found, None)["slots"][0]["viewer_time"] is None
