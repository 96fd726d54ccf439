"""No double-booking under real concurrency: many requests at once, each on its own PostgreSQL
connection (one thread each), racing for overlapping times. The database decides; the losers get a
409, never a 500."""

import threading
from collections import Counter
from datetime import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.booking.models import OCCUPYING_STATUSES, Appointment
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderProfileFactory
from tests.support.sign_in import sign_in

from .factories import ChairFactory, ServiceTypeFactory, every_day_hours

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _providers(clinic, count):
    providers = []
    for _ in range(count):
        provider = ProviderProfileFactory()
        MembershipFactory(clinic=clinic, user=provider.user, role="provider")
        every_day_hours(provider, clinic, start=time(9), end=time(18))
        providers.append(provider)
    return providers


def _signed_in(patient):
    client = APIClient()
    sign_in(client, patient)
    return client


def _fire_all_at_once(requests):
    """Send every (client, body, headers) at the same moment, each from its own thread and database
    connection; return the responses' (status, body) in order."""
    results = [None] * len(requests)
    barrier = threading.Barrier(len(requests))

    def send(index, client, body, headers):
        try:
            barrier.wait(timeout=60)
            response = client.post("/api/v1/appointments", body, format="json", **headers)
            results[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, *request), daemon=True) for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(result is not None for result in results), "a request did not finish"
    return results


def _request(clinic, service, start, patient_client, *, provider=None, key=None):
    body = {"clinic": clinic.slug, "service": service.slug, "start": start, "will_not_drive": True}
    if provider is not None:
        body["provider"] = str(provider.user_id)
    return patient_client, body, ({"HTTP_IDEMPOTENCY_KEY": key} if key else {})


def test_fifty_concurrent_bookings_at_overlapping_times_yield_exactly_the_possible_number(clock):
    # One provider, pairwise-overlapping hour-long consultations: exactly one can happen.
    one_provider = ClinicFactory(slug="race-one-provider")
    consult = ServiceTypeFactory(clinic=one_provider, slug="consult")
    (provider,) = _providers(one_provider, 1)
    starts = ["2026-02-03T20:00:00Z", "2026-02-03T20:15:00Z", "2026-02-03T20:30:00Z", "2026-02-03T20:45:00Z"]
    requests = [
        _request(one_provider, consult, starts[index % 4], _signed_in(PatientFactory()), provider=provider)
        for index in range(20)
    ]
    # Three providers but two chairs, IV sessions whose chair time (40 + 120 min) overlaps: exactly two.
    two_chairs = ClinicFactory(slug="race-two-chairs")
    iv = ServiceTypeFactory(clinic=two_chairs, slug="iv", iv=True)
    _providers(two_chairs, 3)
    ChairFactory(clinic=two_chairs)
    ChairFactory(clinic=two_chairs)
    requests += [_request(two_chairs, iv, starts[(index % 2) * 2], _signed_in(PatientFactory())) for index in range(20)]
    # One patient asking five different free providers for overlapping times: exactly one.
    one_patient_clinic = ClinicFactory(slug="race-one-patient")
    talk = ServiceTypeFactory(clinic=one_patient_clinic, slug="talk")
    providers = _providers(one_patient_clinic, 5)
    patient = PatientFactory()
    requests += [
        _request(one_patient_clinic, talk, starts[index % 2], _signed_in(patient), provider=providers[index % 5])
        for index in range(10)
    ]

    results = _fire_all_at_once(requests)

    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 4, 409: 46}, [body for status, body in results if status not in (201, 409)]
    assert {body["code"] for status, body in results if status == 409} == {"slot_taken"}
    assert Counter(status for status, _ in results[:20])[201] == 1
    assert Counter(status for status, _ in results[20:40])[201] == 2
    assert Counter(status for status, _ in results[40:])[201] == 1
    booked = Appointment.objects.filter(status__in=OCCUPYING_STATUSES)
    assert booked.count() == 4
    assert booked.filter(clinic=two_chairs).values("chair").distinct().count() == 2


def test_concurrent_retries_with_one_idempotency_key_make_one_booking(clock):
    clinic = ClinicFactory(slug="race-retries")
    consult = ServiceTypeFactory(clinic=clinic, slug="consult")
    _providers(clinic, 2)
    patient = PatientFactory()
    requests = [
        _request(clinic, consult, "2026-02-03T20:00:00Z", _signed_in(patient), key="one-click") for _ in range(8)
    ]

    results = _fire_all_at_once(requests)

    assert {status for status, _ in results} == {201}
    assert len({body["id"] for _, body in results}) == 1
    assert Appointment.objects.count() == 1
