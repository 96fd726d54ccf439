"""Availability is cached for anyone and invalidated by every change to what it depends on
(apps/booking/availability_cache.py). Versions are bumped when the transaction commits, so writes run
inside ``django_capture_on_commit_callbacks(execute=True)``, as a request's transaction would commit."""

from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core.cache import cache

from apps.booking.availability_cache import availability_changed
from apps.booking.selectors.availability import availability_for
from tests.accounts.factories import PatientFactory

from .conftest import NOW
from .factories import AppointmentFactory, ClosureFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 2, 3)
TUESDAY_1PM = "2026-02-03T20:00:00Z"  # 13:00 in Denver, the provider's first hour


@pytest.fixture(autouse=True)
def cached(settings):
    settings.AVAILABILITY_CACHE_SECONDS = 300


@pytest.fixture
def patient_client(client_for, denver_patient):
    return client_for(denver_patient)


def starts(clinic, service, day=TUESDAY, **caller):
    found = availability_for(clinic=clinic, service=service, first_day=day, last_day=day, at=NOW, **caller)
    return [slot.start.isoformat().replace("+00:00", "Z") for slot in found.slots]


def book(client, start=TUESDAY_1PM, **fields):
    body = {"clinic": "denver", "service": "consult", "start": start, **fields}
    return client.post("/api/v1/appointments", body, format="json")


def test_a_second_look_is_answered_from_the_cache_without_the_engines_queries(
    clock, denver, consultation, provider_at, django_assert_num_queries
):
    provider_at(denver)
    first = starts(denver, consultation)
    with django_assert_num_queries(0):
        assert starts(denver, consultation) == first
    assert TUESDAY_1PM in first


def test_a_booking_takes_its_time_out_of_the_cached_availability_for_everyone(
    clock, denver, consultation, provider_at, patient_client, django_capture_on_commit_callbacks
):
    provider_at(denver)
    assert TUESDAY_1PM in starts(denver, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        assert book(patient_client).status_code == 201
    assert TUESDAY_1PM not in starts(denver, consultation)
    assert TUESDAY_1PM not in starts(denver, consultation, patient=PatientFactory())


def test_cancelling_gives_the_time_back(
    clock, denver, consultation, provider_at, patient_client, django_capture_on_commit_callbacks
):
    provider_at(denver)
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(patient_client).json()
    assert TUESDAY_1PM not in starts(denver, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        response = patient_client.post(
            f"/api/v1/appointments/{booked['id']}/transitions", {"status": "cancelled"}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert TUESDAY_1PM in starts(denver, consultation)


def test_moving_frees_the_old_time_and_takes_the_new(
    clock, denver, consultation, provider_at, patient_client, django_capture_on_commit_callbacks
):
    provider_at(denver)
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(patient_client).json()
    wednesday = "2026-02-04T21:00:00Z"
    assert wednesday in starts(denver, consultation, day=TUESDAY + timedelta(days=1))
    assert TUESDAY_1PM not in starts(denver, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        response = patient_client.patch(f"/api/v1/appointments/{booked['id']}", {"start": wednesday}, format="json")
    assert response.status_code == 200, response.json()
    assert TUESDAY_1PM in starts(denver, consultation)
    assert wednesday not in starts(denver, consultation, day=TUESDAY + timedelta(days=1))


def test_a_hold_counts_only_until_it_lapses_even_though_nothing_is_written_then(
    clock, denver, consultation, provider_at, patient_client, settings, django_capture_on_commit_callbacks
):
    settings.BOOKING_HOLD_MINUTES = 10
    settings.AVAILABILITY_CACHE_SECONDS = 3600
    provider_at(denver)
    with django_capture_on_commit_callbacks(execute=True):
        assert book(patient_client, hold=True).json()["status"] == "held"
    assert TUESDAY_1PM not in starts(denver, consultation)
    clock.move_to(NOW + timedelta(minutes=11), tick=False)
    later = availability_for(
        clinic=denver, service=consultation, first_day=TUESDAY, last_day=TUESDAY, at=NOW + timedelta(minutes=11)
    )
    assert TUESDAY_1PM in [slot.start.isoformat().replace("+00:00", "Z") for slot in later.slots]


def test_a_change_to_hours_or_closures_counts_once_availability_changed_is_called(
    clock, denver, consultation, provider_at, django_capture_on_commit_callbacks
):
    provider_at(denver)
    assert starts(denver, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        ClosureFactory(clinic=denver, starts_on=TUESDAY, ends_on=TUESDAY)
        availability_changed(denver)
    assert starts(denver, consultation) == []


def test_a_change_waits_for_the_commit(clock, denver, consultation, provider_at, django_capture_on_commit_callbacks):
    """Until the transaction commits, other requests must keep reading what is committed."""
    provider_at(denver)
    before = starts(denver, consultation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        availability_changed(denver)
        assert starts(denver, consultation) == before
    assert len(callbacks) == 1


def test_a_booking_on_another_day_leaves_this_days_cached_availability_alone(
    clock,
    denver,
    consultation,
    provider_at,
    patient_client,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    provider_at(denver)
    starts(denver, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        assert book(patient_client, start="2026-02-05T20:00:00Z").status_code == 201
    with django_assert_num_queries(0):
        starts(denver, consultation)


def test_a_providers_appointment_at_another_clinic_of_the_organization_counts_here(
    clock, denver, consultation, provider_at, django_capture_on_commit_callbacks
):
    provider = provider_at(denver)
    assert TUESDAY_1PM in starts(denver, consultation)
    boulder = type(denver).objects.create(
        organization=denver.organization,
        name="Boulder",
        slug="boulder",
        address_line1="1 Pearl Street",
        city="Boulder",
        region="US-CO",
        postal_code="80302",
        timezone="America/Denver",
    )
    elsewhere = ServiceTypeFactory(clinic=boulder, slug="consult")
    with django_capture_on_commit_callbacks(execute=True):
        appointment = AppointmentFactory(
            clinic=boulder, service=elsewhere, provider=provider, starts_at=datetime.fromisoformat(TUESDAY_1PM)
        )
        availability_changed(boulder, between=(appointment.provider_busy_from, appointment.recovery_ends_at))
    assert TUESDAY_1PM not in starts(denver, consultation)


def test_the_cached_answer_is_for_anyone_and_each_patient_still_sees_their_own_visits_taken(
    clock, denver, consultation, provider_at, denver_patient, django_capture_on_commit_callbacks
):
    provider_at(denver)
    provider_at(denver)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = AppointmentFactory(
            clinic=denver, service=consultation, patient=denver_patient, starts_at=datetime.fromisoformat(TUESDAY_1PM)
        )
        availability_changed(denver, between=(appointment.provider_busy_from, appointment.recovery_ends_at))
    assert TUESDAY_1PM in starts(denver, consultation)  # the other provider is free
    assert TUESDAY_1PM not in starts(denver, consultation, patient=denver_patient)
    assert TUESDAY_1PM in starts(denver, consultation, patient=PatientFactory())


def test_notice_applies_to_each_caller_after_the_cache(clock, denver, provider_at, django_capture_on_commit_callbacks):
    notice = ServiceTypeFactory(clinic=denver, slug="notice", minimum_notice_minutes=3 * 24 * 60)
    provider_at(denver, start=time(8), end=time(18))
    assert starts(denver, notice, patient_rules=False)
    assert starts(denver, notice, patient_rules=True) == []


def test_changes_made_in_the_console_count_at_once(
    clock, denver, consultation, provider_at, staff_client_for, django_capture_on_commit_callbacks
):
    """Every availability write of the console's API goes through a service that invalidates."""
    provider_at(denver)
    admin = staff_client_for(denver, role="clinic_admin")
    assert starts(denver, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        closure = admin.post(
            "/api/v1/clinics/denver/closures",
            {"starts_on": "2026-02-03", "ends_on": "2026-02-03", "reason": "Snow"},
            format="json",
        )
    assert closure.status_code == 201, closure.json()
    assert starts(denver, consultation) == []
    with django_capture_on_commit_callbacks(execute=True):
        reopened = admin.delete(f"/api/v1/clinics/denver/closures/{closure.json()['id']}")
    assert reopened.status_code == 204
    assert starts(denver, consultation)


def test_a_months_window_is_filed_under_a_short_key_of_fixed_length(clock, denver, consultation, provider_at):
    """A version per date would make a month's key some 600 characters: over memcached's 250, and
    Django's CacheKeyWarning (an error in this suite) on every backend."""
    provider_at(denver)
    keys = []
    original_get = cache.get

    def spy(key, *args, **kwargs):
        keys.append(key)
        return original_get(key, *args, **kwargs)

    with mock.patch.object(cache, "get", spy):
        for last_day in (TUESDAY, TUESDAY + timedelta(days=30)):
            availability_for(clinic=denver, service=consultation, first_day=TUESDAY, last_day=last_day, at=NOW)
    results = [key for key in keys if not key.startswith("availability-version:")]
    assert len(results) == 2
    assert len(results[0]) == len(results[1]) < 100
