"""Failure drill: PostgreSQL restarts in the middle of a burst of bookings against the running server.
While it is down the API answers a clear, retryable 503; afterwards it recovers by itself (connection
health checks), no booking that was confirmed is lost, and every patient gets booked in the end."""

import subprocess
import threading
import time as clock
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from apps.booking.models import Appointment
from tests.accounts.factories import PatientFactory
from tests.booking.factories import ServiceTypeFactory, every_day_hours
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderProfileFactory
from tests.support.pathway import booking_without_the_care_pathway
from tests.support.sign_in import sign_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PATIENTS = 24
CSRF = "drill0csrf0secret000000000000000"


def _restart_postgresql() -> None:
    version = next(Path("/etc/postgresql").iterdir()).name
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=60)


def _session_for(user, base_url) -> requests.Session:
    client = APIClient()
    sign_in(client, user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.cookies.set("csrftoken", CSRF)
    session.headers.update({"X-CSRFToken": CSRF, "Referer": base_url})
    return session


@booking_without_the_care_pathway()
def test_bookings_survive_a_database_restart(live_server):
    clinic = ClinicFactory(slug="drill", timezone="America/Denver")
    ServiceTypeFactory(clinic=clinic, slug="consult", duration_minutes=30, slot_step_minutes=30)
    provider = ProviderProfileFactory()
    MembershipFactory(clinic=clinic, user=provider.user, role="provider")
    every_day_hours(provider, clinic)  # 13:00-18:00: ten half-hour slots a day
    # From 20:00 UTC (13:00 or 14:00 in Denver), eight half-hour slots a day, from the day after tomorrow.
    first = datetime.combine(timezone.now().date() + timedelta(days=2), time(20), tzinfo=UTC)
    starts = [first + timedelta(days=index // 8, minutes=30 * (index % 8)) for index in range(PATIENTS)]
    sessions = [_session_for(PatientFactory(profile__region="US-CO"), live_server.url) for _ in range(PATIENTS)]
    answers: Counter = Counter()
    unexpected: list[str] = []  # what any other answer said, so that a failure shows why
    booked: dict[int, str] = {}
    lock = threading.Lock()

    def book_until_done(index: int) -> None:
        deadline = clock.monotonic() + 90
        while clock.monotonic() < deadline and index not in booked:
            try:
                response = sessions[index].post(
                    f"{live_server.url}/api/v1/appointments",
                    json={"clinic": "drill", "service": "consult", "start": starts[index].isoformat()},
                    headers={"Idempotency-Key": f"drill-{index}"},
                    timeout=10,
                )
            except requests.ConnectionError:
                with lock:
                    answers["connection error"] += 1
                clock.sleep(0.5)
                continue
            with lock:
                answers[response.status_code] += 1
                if response.status_code not in (201, 503):
                    unexpected.append(f"{response.status_code} {response.text[:300]}")
            if response.status_code == 201:
                booked[index] = response.json()["id"]
            else:
                clock.sleep(0.3)

    threads = [threading.Thread(target=book_until_done, args=(index,)) for index in range(PATIENTS)]
    for number, thread in enumerate(threads):
        thread.start()
        if number == PATIENTS // 3:
            _restart_postgresql()
    for thread in threads:
        thread.join()
    for session in sessions:
        session.close()
    connection.close()  # this test's own connection did not survive the restart

    # Never a 500, never a lost race: each patient has a slot.
    assert set(answers) <= {201, 503}, (answers, unexpected)
    assert len(booked) == PATIENTS, answers
    assert {str(pk) for pk in Appointment.objects.values_list("id", flat=True)} == set(booked.values())
