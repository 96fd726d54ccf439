"""SQL queries and in-process time per request for the endpoints of the load run, through Django's test
client against the seeded network (``benchmarks.network``): one patient and one provider, the same
requests the locust users make. Used by ``benchmarks/load.py`` and by the smoke test that keeps the
query counts exact. CPU time of this process is what a request costs in Python whatever else runs on
the machine; wall time adds PostgreSQL, Redis and waiting for a core."""

import statistics
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.endpoints import BOOKED_SERVICE, DASHBOARD, EARLIEST_DAYS_AHEAD, availability_query, dashboard_name
from benchmarks.network import BENCH_PASSWORD, patient_email, staff_email

AUTH = "/_allauth/browser/v1"


@dataclass(frozen=True)
class Counted:
    name: str
    status: int
    queries: int
    wall_ms: float  # the median over the repeats, in this process, SQL included
    cpu_ms: float  # the median CPU time of this process: Python's share, without waiting for anything


def measure_requests(
    slug: str, *, today: date, patient_number: int = 0, staff_number: int = 0, repeats: int = 1
) -> list[Counted]:
    """Each request of the load run, timed ``repeats`` times in this process (the queries counted the
    first time). Availability is asked first with an empty cache (once), then again (the cached answer,
    when the cache is on). The booking is made once and cancelled again, so the network's free time is
    left as it was."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.webhooks.subscriptions import subscriptions as webhook_subscriptions

    user_model = get_user_model()
    patient = user_model.objects.get(email=patient_email(slug, patient_number))
    staff = user_model.objects.get(email=staff_email(slug, staff_number))
    patient_clinic = patient.clinic_links.get().clinic.slug
    staff_clinic = staff.memberships.get().clinic.slug
    as_patient, as_staff = Client(), Client()
    as_patient.force_login(patient)
    _sign_in_with_code(as_staff, staff.email)
    counted = []

    def measure(name, call, times=repeats):
        walls, cpus = [], []
        for attempt in range(times):
            started, started_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = call()
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - started_cpu) * 1000)
            if attempt == 0:
                first_status, first_count = response.status_code, len(queries)
        counted.append(Counted(name, first_status, first_count, statistics.median(walls), statistics.median(cpus)))
        return response

    for path in DASHBOARD:
        measure(dashboard_name(path), lambda path=path: as_patient.get(f"/api/v1{path}"))
    first = today + timedelta(days=EARLIEST_DAYS_AHEAD)
    cache.clear()
    # Availability is measured cold, booking warm: any server that has booked once holds the webhook
    # subscriptions in the cache (read once per cache lifetime, not per booking).
    webhook_subscriptions()

    def availability():
        return as_patient.get(f"/api/v1/clinics/{patient_clinic}/availability", availability_query(first))

    measure("availability (7 days)", availability, times=1)
    slots = measure("availability (7 days), asked again", availability).json()["slots"]
    if slots:
        booked = measure(
            "book",
            times=1,
            call=lambda: as_patient.post(
                "/api/v1/appointments",
                {"clinic": patient_clinic, "service": BOOKED_SERVICE, "start": slots[0]["start"]},
                content_type="application/json",
                headers={"Idempotency-Key": str(uuid.uuid4())},
            ),
        )
        measure(
            "cancel",
            times=1,
            call=lambda: as_patient.post(
                f"/api/v1/appointments/{booked.json()['id']}/transitions",
                {"status": "cancelled", "reason": "Query count"},
                content_type="application/json",
            ),
        )
    for days, name in ((1, "schedule (day)"), (7, "schedule (week)")):
        measure(
            name,
            lambda days=days: as_staff.get(
                f"/api/v1/clinics/{staff_clinic}/schedule", {"date": today.isoformat(), "days": days}
            ),
        )
    return counted


def _sign_in_with_code(client, email: str) -> None:
    """Staff reach the schedule only from a session that passed the second factor: signed in as the
    locust users are, with the password and then the code."""
    from apps.accounts.demo import current_totp_code

    password = client.post(f"{AUTH}/auth/login", {"email": email, "password": BENCH_PASSWORD}, "application/json")
    assert password.status_code == 401, password.content
    code = client.post(f"{AUTH}/auth/2fa/authenticate", {"code": current_totp_code()}, "application/json")
    assert code.status_code == 200, code.content
