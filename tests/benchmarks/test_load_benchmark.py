"""The load benchmark's seeding and query count at a tiny scale, so that its code cannot rot. No
timing here: the counts of SQL queries per request are exact."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import authenticate

from apps.booking.models import OCCUPYING_STATUSES, Appointment, AppointmentStatus
from benchmarks.network import BENCH_PASSWORD, Scale, patient_email, seed_network, staff_email
from benchmarks.queries import measure_requests

SCALE = Scale(clinics=2, providers=4, patients=40, appointments=600, slug="smoke")
# A Wednesday: the grid (and so the counts) depend on the weekday.
NOW = datetime(2026, 11, 25, 15, tzinfo=UTC)


@pytest.fixture
def network(db):
    with time_machine.travel(NOW, tick=False):
        yield seed_network(SCALE, today=NOW.date(), log=lambda line: None)


def test_the_network_has_what_was_asked_for(network):
    assert network.counts == {
        "clinics": 2,
        "staff": 6,
        "weekly hours": 21,
        "patients": 40,
        "care records": 120,
        "appointments": 600,
    }
    assert network.first_day < NOW.date() < network.last_day
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert {AppointmentStatus.COMPLETED, AppointmentStatus.CONFIRMED, AppointmentStatus.CANCELLED} <= statuses
    assert Appointment.objects.filter(starts_at__gt=NOW).exists()
    assert Appointment.objects.exclude(chair=None).exists()


def test_no_provider_chair_or_patient_is_double_booked(network):
    """What PostgreSQL's exclusion constraints refuse, checked here on any engine."""
    occupied = defaultdict(list)
    for row in Appointment.objects.filter(status__in=OCCUPYING_STATUSES).values():
        occupied["provider", row["provider_id"]].append((row["provider_busy_from"], row["provider_busy_until"]))
        occupied["patient", row["patient_id"]].append((row["starts_at"], row["recovery_ends_at"]))
        if row["chair_id"] is not None:
            occupied["chair", row["chair_id"]].append((row["starts_at"], row["recovery_ends_at"]))
    for ranges in occupied.values():
        ranges.sort()
        assert all(earlier[1] <= later[0] for earlier, later in pairwise(ranges))


def test_seeded_accounts_can_sign_in(network):
    patient = authenticate(email=patient_email("smoke", 7), password=BENCH_PASSWORD)
    staff = authenticate(email=staff_email("smoke", 1), password=BENCH_PASSWORD)
    assert patient is not None and staff is not None
    assert EmailAddress.objects.filter(user=patient, verified=True).exists()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_queries_per_request_of_the_load_run(network, settings):
    settings.AVAILABILITY_CACHE_SECONDS = 300
    counted = measure_requests("smoke", today=NOW.date())

    assert {row.name: (row.status, row.queries) for row in counted} == {
        "dashboard /me": (200, 7),
        "dashboard /assessments/trend": (200, 5),
        "dashboard /intake": (200, 4),
        "dashboard /plan": (404, 4),
        "dashboard /education/assigned-reading": (200, 3),
        "dashboard /education/progress": (200, 3),
        "dashboard /notifications": (200, 2),
        "dashboard /appointments": (200, 4),
        "availability (7 days)": (200, 11),
        "availability (7 days), asked again": (200, 5),
        "book": (201, 17),
        "cancel": (200, 10),
        "schedule (day)": (200, 15),
        "schedule (week)": (200, 11),
    }


def test_the_network_refuses_to_be_seeded_twice(network):
    with pytest.raises(ValueError, match="exists already"):
        seed_network(SCALE, today=NOW.date() + timedelta(days=1), log=lambda line: None)
