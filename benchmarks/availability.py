"""How long the availability selector takes on a busy clinic, on the configured database, without
the availability cache and through it (cold and warm).

    .venv/bin/python benchmarks/availability.py                       # SQLite (a file in /tmp), locmem cache
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_availbench REDIS_URL=redis://127.0.0.1:6379/6 \
        .venv/bin/python benchmarks/availability.py                   # PostgreSQL, Redis cache

It creates a throwaway test database (Django's test_<name>; the configured database is untouched),
seeds one clinic (America/Denver) with 10 providers working every day 08:00-20:00, 4 chairs and 2,000
existing appointments (seven a provider a day, gaps between) over the 30 days from Monday 2 March 2026
(the US daylight-saving change falls inside), times ``availability_for`` (the queries plus the slot engine)
for the cases below three ways: with the cache off (``AVAILABILITY_CACHE_SECONDS = 0``, as the test
settings have it), cold (the cache on and cleared before each timed run: what the API's first request
for a week pays, cache writes included) and warm (the same question asked again: the answer read back
from the cache). The cache is Redis when REDIS_URL is set (the whole Redis database is cleared: give it
one of its own), else Django's local-memory cache. It prints the numbers and the machine as Markdown
for BENCHMARKS.md, and drops the database.
"""

import argparse
import os
import platform
import statistics
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from apps.accounts.models import PatientProfile, User  # noqa: E402
from apps.booking.models import (  # noqa: E402
    Appointment,
    AppointmentStatus,
    Chair,
    DosingRoute,
    Modality,
    ServiceKind,
    ServiceType,
    WeeklyHours,
)
from apps.booking.selectors.availability import availability_for  # noqa: E402
from apps.booking.selectors.catalogue import timing_of  # noqa: E402
from apps.booking.services.placement import occupied_ranges  # noqa: E402
from apps.clinics.models import Clinic, ClinicMembership, Organization, ProviderProfile, Role  # noqa: E402

FIRST_DAY = date(2026, 3, 2)  # a Monday
DAYS = 30
PROVIDERS = 10
CHAIRS = 4
APPOINTMENTS = 2000
PATIENTS = 400
ZONE = ZoneInfo("America/Denver")
# As long as production keeps an answer (settings.base: AVAILABILITY_CACHE_SECONDS); nothing in the
# seed is a hold, so no answer lapses sooner.
CACHE_SECONDS = 300
# Providers 0-3 give three IV infusions a day (each in their own chair) and see five consultations
# between them; providers 4-9 see eight consultations a day.
IV_STARTS = [time(8, 0), time(10, 40), time(13, 20)]
CONSULTS_WITH_IV = [time(8, 45), time(11, 30), time(14, 15), time(15, 30), time(16, 45)]
CONSULTS_ONLY = [
    time(8, 0),
    time(9, 15),
    time(10, 30),
    time(11, 45),
    time(13, 0),
    time(14, 15),
    time(15, 30),
    time(16, 45),
]


def seed():
    organization = Organization.objects.create(name="Benchmark network", slug="benchmark")
    clinic = Clinic.objects.create(
        organization=organization,
        name="Benchmark clinic",
        slug="benchmark",
        address_line1="1 Main Street",
        city="Denver",
        region="US-CO",
        postal_code="80202",
        phone="+13035550100",
        timezone="America/Denver",
    )
    consult = ServiceType.objects.create(
        clinic=clinic,
        name="Consultation",
        slug="consult",
        kind=ServiceKind.CONSULTATION,
        modality=Modality.IN_PERSON,
        duration_minutes=60,
        buffer_after_minutes=10,
        minimum_notice_minutes=0,
    )
    iv = ServiceType.objects.create(
        clinic=clinic,
        name="IV infusion",
        slug="iv",
        kind=ServiceKind.DOSING,
        modality=Modality.IN_PERSON,
        route=DosingRoute.IV_INFUSION,
        duration_minutes=40,
        recovery_minutes=120,
        buffer_before_minutes=10,
        needs_chair=True,
        minimum_notice_minutes=0,
    )
    password = make_password(None)
    staff = User.objects.bulk_create(
        User(email=f"provider{index}@benchmark.example", password=password) for index in range(PROVIDERS)
    )
    providers = ProviderProfile.objects.bulk_create(
        ProviderProfile(user=user, display_name=f"Provider {index}", credentials="MD")
        for index, user in enumerate(staff)
    )
    ClinicMembership.objects.bulk_create(
        ClinicMembership(clinic=clinic, user=user, role=Role.PROVIDER) for user in staff
    )
    WeeklyHours.objects.bulk_create(
        WeeklyHours(provider=provider, clinic=clinic, weekday=weekday, start_time=time(8), end_time=time(20))
        for provider in providers
        for weekday in range(7)
    )
    chairs = Chair.objects.bulk_create(Chair(clinic=clinic, name=f"Chair {index + 1}") for index in range(CHAIRS))
    patients = User.objects.bulk_create(
        User(email=f"patient{index}@benchmark.example", password=password) for index in range(PATIENTS)
    )
    PatientProfile.objects.bulk_create(PatientProfile(user=user, region="US-CO") for user in patients)

    bookings = []
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        for index, provider in enumerate(providers):
            if index < CHAIRS:
                bookings += [(iv, provider, chairs[index], day, start) for start in IV_STARTS]
                bookings += [(consult, provider, None, day, start) for start in CONSULTS_WITH_IV]
            else:
                bookings += [(consult, provider, None, day, start) for start in CONSULTS_ONLY]
    Appointment.objects.bulk_create(
        _appointment(service, provider, chair, day, start, patients[number % PATIENTS])
        for number, (service, provider, chair, day, start) in enumerate(bookings[:APPOINTMENTS])
    )
    return clinic, consult, iv, patients[0]


def _appointment(service, provider, chair, day, start, patient):
    return Appointment(
        clinic=service.clinic,
        patient=patient,
        provider=provider,
        chair=chair,
        service=service,
        status=AppointmentStatus.CONFIRMED,
        booked_by=patient,
        **occupied_ranges(timing_of(service), datetime.combine(day, start, tzinfo=ZONE)),
    )


def measure(label, runs, **query):
    at = datetime.combine(FIRST_DAY - timedelta(days=1), time(12), tzinfo=UTC)

    def ask():
        return availability_for(at=at, patient_rules=False, **query)

    with override_settings(AVAILABILITY_CACHE_SECONDS=0):
        off_queries, result = _queries(ask)  # also the warm-up
        off = _timed(ask, runs)
    with override_settings(AVAILABILITY_CACHE_SECONDS=CACHE_SECONDS):
        cold_queries, cold_result = _queries(ask, before=cache.clear)
        cold = _timed(ask, runs, before=cache.clear)
        ask()
        warm_queries, warm_result = _queries(ask)
        warm = _timed(ask, runs)
    if not result.slots == cold_result.slots == warm_result.slots:
        raise AssertionError(f"{label}: the cached answer differs from the computed one")
    return {
        "case": label,
        "off": off,
        "cold": cold,
        "warm": warm,
        "queries": (off_queries, cold_queries, warm_queries),
        "slots": len(result.slots),
    }


def _queries(ask, before=None):
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        result = ask()
    return len(queries), result


def _timed(ask, runs, before=None):
    """Median and p95 of ``runs`` calls in milliseconds; ``before`` runs ahead of each, untimed."""
    timings = []
    for _ in range(runs):
        if before:
            before()
        started = clock.perf_counter()
        ask()
        timings.append((clock.perf_counter() - started) * 1000)
    timings.sort()
    return {"median": statistics.median(timings), "p95": timings[max(0, round(0.95 * len(timings)) - 1)]}


def machine():
    cpu = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    if connection.vendor == "postgresql":
        engine = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version} (file)"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "engine": engine,
        "cache": cache_backend(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def cache_backend():
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        version = cache._cache.get_client(write=False).info().get("redis_version", "?")
        return f"Redis {version} cache ({settings.CACHES['default']['LOCATION']})"
    return f"{backend.rsplit('.', 1)[-1]} cache"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per case (default 20)")
    args = parser.parse_args()

    if connection.vendor == "sqlite":
        # A file, as the configured SQLite database is, rather than the test runner's in-memory one.
        connection.settings_dict["TEST"]["NAME"] = "/tmp/portal_benchmark.sqlite3"  # noqa: S108
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = clock.perf_counter()
        clinic, consult, iv, patient = seed()
        seeded_in = clock.perf_counter() - started
        last = FIRST_DAY + timedelta(days=DAYS - 1)
        cases = [
            ("IV infusion (needs a chair), 30 days", {"service": iv, "first_day": FIRST_DAY, "last_day": last}),
            ("Consultation, 30 days", {"service": consult, "first_day": FIRST_DAY, "last_day": last}),
            (
                "Consultation, 30 days, for one patient",
                {"service": consult, "first_day": FIRST_DAY, "last_day": last, "patient": patient},
            ),
            (
                "Consultation, 7 days",
                {"service": consult, "first_day": FIRST_DAY, "last_day": FIRST_DAY + timedelta(days=6)},
            ),
            ("Consultation, 1 day", {"service": consult, "first_day": FIRST_DAY, "last_day": FIRST_DAY}),
        ]
        load_before = os.getloadavg()
        rows = [measure(label, args.runs, clinic=clinic, **query) for label, query in cases]
        load = (load_before, os.getloadavg())
        print(report(rows, machine(), args.runs, seeded_in, load))
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def report(rows, facts, runs, seeded_in, load):
    averages = [", ".join(f"{value:.2f}" for value in averages) for averages in load]
    lines = [
        f"Machine: {facts['nproc']} CPUs (`nproc`), {facts['cpu']}; {facts['engine']}; {facts['cache']}; "
        f"Python {facts['python']}, Django {facts['django']}. Load average (1, 5, 15 min) before: {averages[0]}; "
        f"after: {averages[1]}.",
        f"Data: 1 clinic, {PROVIDERS} providers, {CHAIRS} chairs, {Appointment.objects.count():,} appointments "
        f"over {DAYS} days (seeded in {seeded_in:.1f} s). {runs} timed runs per case and way after one warm-up.",
        "",
        "| case | no cache: median / p95 ms | cold cache: median / p95 ms | warm cache: median / p95 ms | "
        "queries (no cache / cold / warm) | slots found |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        timings = " | ".join(f"{row[way]['median']:.1f} / {row[way]['p95']:.1f}" for way in ("off", "cold", "warm"))
        queries = " / ".join(map(str, row["queries"]))
        lines.append(f"| {row['case']} | {timings} | {queries} | {row['slots']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
