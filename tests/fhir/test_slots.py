"""Slots are the slot engine's free times: the search agrees with what the clinic's staff see at
/api/v1/clinics/<slug>/availability for the same window, across daylight-saving changes too."""

from datetime import UTC, datetime, time
from urllib.parse import urlsplit

import pytest
import time_machine

from apps.clinics.models import Role
from tests.booking.factories import ServiceTypeFactory, every_day_hours
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderProfileFactory
from tests.fhir.conftest import provider_at
from tests.fhir.factories import bearer, make_api_key
from tests.fhir.support import assert_outcome, assert_valid, assert_valid_searchset, link

pytestmark = pytest.mark.django_db


def _all_slots(client, secret, **params) -> list[dict]:
    body = client.get("/fhir/R4/Slot", {"_count": "100", **params}, **bearer(secret)).json()
    slots = assert_valid_searchset(body, "Slot")
    while link(body, "next"):
        parts = urlsplit(link(body, "next"))
        body = client.get(f"{parts.path}?{parts.query}", **bearer(secret)).json()
        slots += assert_valid_searchset(body, "Slot")
    return slots


def _as_pairs(slots, schedules) -> set[tuple[datetime, str]]:
    """(instant, the provider's user id) of each FHIR Slot."""
    provider_of = {str(membership.pk): str(membership.user_id) for membership in schedules}
    return {
        (datetime.fromisoformat(slot["start"]), provider_of[slot["schedule"]["reference"].split("/")[1]])
        for slot in slots
    }


def _availability_pairs(staff, clinic, service, first_day, last_day) -> set[tuple[datetime, str]]:
    response = staff.get(
        f"/api/v1/clinics/{clinic.slug}/availability",
        {"service": service.slug, "start": first_day, "end": last_day},
    )
    assert response.status_code == 200
    return {
        (datetime.fromisoformat(slot["start"]), provider["id"])
        for slot in response.json()["slots"]
        for provider in slot["providers"]
    }


def test_the_slot_search_agrees_with_the_availability_endpoint(client, scene, staff_client_for):
    clinic, service = scene["clinic"], scene["service"]
    second = provider_at(clinic, name="Dr. Second")
    slots = _all_slots(
        client, scene["secret"], **{"service-type": "consultation", "start": ["ge2026-11-10", "lt2026-11-17"]}
    )
    expected = _availability_pairs(staff_client_for(clinic), clinic, service, "2026-11-10", "2026-11-16")
    assert len(expected) > 100  # several pages
    assert _as_pairs(slots, [scene["membership"], second]) == expected
    # The booked visit (12 November, 09:00 Denver) takes the first provider's time only.
    booked = datetime(2026, 11, 12, 16, 0, tzinfo=UTC)
    assert (booked, str(second.user_id)) in expected
    assert (booked, str(scene["membership"].user_id)) not in expected


def test_a_slot_names_its_service_schedule_and_times_and_reads_back_by_id(fhir, scene):
    slot = fhir("Slot", service=f"HealthcareService/{scene['service'].pk}", _count="1").json()["entry"][0]["resource"]
    assert slot["status"] == "free"
    assert slot["schedule"] == {"reference": f"Schedule/{scene['membership'].pk}"}
    assert slot["serviceType"][0]["coding"][0]["code"] == "consultation"
    assert (slot["start"], slot["end"]) == ("2026-11-10T09:00:00-07:00", "2026-11-10T10:00:00-07:00")
    assert assert_valid(fhir(f"Slot/{slot['id']}").json()) == slot


def test_a_taken_or_malformed_slot_id_answers_404(fhir, scene):
    booked = f"{scene['service'].pk}-{scene['membership'].pk}-20261112T160000Z"
    assert_outcome(fhir(f"Slot/{booked}"), 404)
    assert_outcome(fhir("Slot/nonsense"), 404)
    assert_outcome(fhir(f"Slot/{scene['service'].pk}-{scene['membership'].pk}-20261399T160000Z"), 404)


def test_filters_schedule_location_status_and_start(fhir, scene):
    other = provider_at(scene["clinic"], name="Dr. Other")
    base = {"service-type": "consultation", "start": ["ge2026-11-11T09:00:00-07:00", "lt2026-11-11T10:00:00-07:00"]}

    def found(**params):
        return {
            (slot["schedule"]["reference"], slot["start"])
            for slot in assert_valid_searchset(fhir("Slot", **base, **params).json(), "Slot")
        }

    both = found()
    assert {start for _, start in both} == {f"2026-11-11T09:{minute:02d}:00-07:00" for minute in (0, 15, 30, 45)}
    assert found(schedule=f"Schedule/{other.pk}") == {item for item in both if item[0] == f"Schedule/{other.pk}"}
    assert found(location=f"Location/{scene['clinic'].pk}", status="free") == both
    assert found(status="busy") == set()
    assert found(location="Location/999999") == set()


@pytest.mark.parametrize(
    "params",
    [
        {},  # no service
        {"service-type": "consultation", "start": ["ge2026-11-10", "lt2026-12-20"]},  # beyond the engine's 31 days
        {"service-type": "consultation", "status": "open"},
        {"service-type": "consultation", "schedule": "Schedule/x"},
        {"service-type": "consultation", "practitioner": "Practitioner/1"},
        {"service-type": "consultation,booster"},
    ],
)
def test_a_bad_slot_search_answers_400(fhir, params):
    assert_outcome(fhir("Slot", **params), 400)


def test_an_unknown_service_finds_no_slots(fhir):
    body = fhir("Slot", **{"service-type": "no-such-service"}).json()
    assert body["total"] == 0 and "entry" not in body


def test_a_slot_page_costs_the_same_queries_whatever_its_size(fhir, scene, django_assert_num_queries):
    fhir("Location")  # the key's last use is written once; the rest of the minute reads only
    params = {"service-type": "consultation", "start": ["ge2026-11-10", "lt2026-11-12"]}
    # The key, the service, the engine's five reads (providers, hours, overrides, closures, visits; its
    # cache is off in tests), the free times' schedules, the audit insert.
    with django_assert_num_queries(9):
        small = fhir("Slot", _count="1", **params).json()
    with django_assert_num_queries(9):
        large = fhir("Slot", _count="50", **params).json()
    assert (len(small["entry"]), len(large["entry"])) == (1, 50)


def _dst_clinic(zone: str):
    clinic = ClinicFactory(timezone=zone, region="US-NY" if "York" in zone else "US-CO")
    membership = MembershipFactory(clinic=clinic, role=Role.PROVIDER)
    profile = ProviderProfileFactory(user=membership.user)
    every_day_hours(profile, clinic, start=time(0, 0), end=time(17, 0))
    service = ServiceTypeFactory(clinic=clinic, slug="consultation", duration_minutes=60)
    return clinic, membership, service


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [("America/Denver", "-06:00", "-07:00"), ("America/New_York", "-04:00", "-05:00")],
)
def test_slots_across_the_autumn_change_carry_the_right_offsets(client, staff_client_for, zone, before, after):
    # Summer time ends at 02:00 on Sunday 1 November 2026 in both zones: 01:00-02:00 happens twice.
    with time_machine.travel(datetime(2026, 10, 30, 12, 0, tzinfo=UTC), tick=False):
        clinic, membership, service = _dst_clinic(zone)
        _, secret = make_api_key(clinic)
        slots = _all_slots(
            client, secret, **{"service-type": "consultation", "start": ["ge2026-10-31", "lt2026-11-03"]}
        )
        starts = {slot["start"] for slot in slots}
        assert f"2026-10-31T09:00:00{before}" in starts
        assert f"2026-11-01T09:00:00{after}" in starts
        # The repeated hour: 01:15 before the change and 01:15 after are two slots, an hour apart.
        assert {f"2026-11-01T01:15:00{before}", f"2026-11-01T01:15:00{after}"} <= starts
        assert len(starts) == len(slots)  # one provider: no instant twice
        expected = _availability_pairs(staff_client_for(clinic), clinic, service, "2026-10-31", "2026-11-02")
        assert _as_pairs(slots, [membership]) == expected


def test_slots_across_the_spring_change_skip_the_missing_hour(client):
    # On Sunday 14 March 2027 Denver's clocks jump from 02:00 to 03:00: there is no 02:30.
    with time_machine.travel(datetime(2027, 3, 12, 12, 0, tzinfo=UTC), tick=False):
        clinic, _, _ = _dst_clinic("America/Denver")
        _, secret = make_api_key(clinic)
        starts = {
            slot["start"]
            for slot in _all_slots(client, secret, **{"service-type": "consultation", "start": "2027-03-14"})
        }
        assert "2027-03-14T01:45:00-07:00" in starts and "2027-03-14T03:00:00-06:00" in starts
        assert not any(start.startswith("2027-03-14T02:") for start in starts)
