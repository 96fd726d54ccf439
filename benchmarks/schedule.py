"""What the clinic schedule costs: ``GET /api/v1/clinics/{slug}/schedule`` for a busy clinic's week and
its busiest day, through Django's test client (middleware, the staff check, the selector, the audit
rows and the JSON), on the configured database.

    .venv/bin/python benchmarks/schedule.py                     # SQLite (a file in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_schedbench .venv/bin/python benchmarks/schedule.py

It creates a throwaway test database (Django's test_<name>; the configured database is untouched),
seeds one clinic (America/Denver) with 10 providers working every day 08:00-20:00, 4 chairs, 400
named patients and the week from Monday 2 March 2026: 550 appointments shown (IV infusions in chairs,
in-person and video consultations, some held, with ride-home answers for the doses) and 30 cancelled
ones, which the schedule leaves out unless asked. It then times each request ``--runs`` times after
a warm-up and prints the medians, the response size and the machine as Markdown for BENCHMARKS.md.
CPU time (``time.process_time``) is this process's work whatever else runs on the machine; wall time
adds the database and waiting for a core.
"""

import argparse
import os
import platform
import statistics
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.accounts.demo import demo_enroll_totp  # noqa: E402
from apps.accounts.models import PatientProfile, User  # noqa: E402
from apps.audit.models import AuditEvent  # noqa: E402
from apps.booking.models import (  # noqa: E402
    Appointment,
    AppointmentStatus,
    CancelledBy,
    Chair,
    DosingRoute,
    Modality,
    RideHome,
    ServiceKind,
    ServiceType,
    WeeklyHours,
)
from apps.booking.selectors.catalogue import timing_of  # noqa: E402
from apps.booking.services.placement import occupied_ranges  # noqa: E402
from apps.clinics.models import Clinic, ClinicMembership, Organization, ProviderProfile, Role  # noqa: E402
from tests.support.sign_in import sign_in  # noqa: E402

FIRST_DAY = date(2026, 3, 2)  # a Monday
DAYS = 7
PROVIDERS = 10
CHAIRS = 4
SHOWN = 550
CANCELLED = 30
PATIENTS = 400
ZONE = ZoneInfo("America/Denver")
# Every instant is fixed relative to this one (the Sunday before the week, noon in Denver).
SEEDED_AT = datetime.combine(FIRST_DAY - timedelta(days=1), time(12), tzinfo=ZONE)
# Providers 0-3 give three IV infusions a day (each in their own chair) and see five consultations
# between them; providers 4-9 see eight consultations a day, the last of them by video.
IV_STARTS = [time(8, 0), time(10, 40), time(13, 20)]
CONSULTS_WITH_IV = [time(8, 45), time(11, 30), time(14, 15), time(15, 30), time(16, 45)]
CONSULTS_ONLY = [time(8), time(9, 15), time(10, 30), time(11, 45), time(13), time(14, 15), time(15, 30)]
VIDEO_START = time(16, 45)
FIRST_NAMES = ["Maya", "Jordan", "Priya", "Samuel", "Elena", "Marcus", "Aisha", "Daniel", "Sofia", "Tomás"]
LAST_NAMES = ["Thompson", "Alvarez", "Okafor", "Nguyen", "Rivera", "Kowalski", "Haddad", "Bennett"]


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
    services = _services(clinic)
    password = make_password(None)
    staff = User.objects.bulk_create(
        User(email=f"provider{index}@benchmark.example", password=password) for index in range(PROVIDERS)
    )
    providers = ProviderProfile.objects.bulk_create(
        ProviderProfile(user=user, display_name=f"Dr. {FIRST_NAMES[index]} {LAST_NAMES[index % 8]}", credentials="MD")
        for index, user in enumerate(staff)
    )
    desk = User.objects.create_user(email="desk@benchmark.example")
    ClinicMembership.objects.bulk_create(
        [ClinicMembership(clinic=clinic, user=user, role=Role.PROVIDER) for user in staff]
        + [ClinicMembership(clinic=clinic, user=desk, role=Role.FRONT_DESK)]
    )
    demo_enroll_totp(desk)
    WeeklyHours.objects.bulk_create(
        WeeklyHours(provider=provider, clinic=clinic, weekday=weekday, start_time=time(8), end_time=time(20))
        for provider in providers
        for weekday in range(7)
    )
    chairs = Chair.objects.bulk_create(Chair(clinic=clinic, name=f"Chair {index + 1}") for index in range(CHAIRS))
    patients = User.objects.bulk_create(
        User(email=f"patient{index}@benchmark.example", password=password) for index in range(PATIENTS)
    )
    PatientProfile.objects.bulk_create(
        PatientProfile(
            user=user,
            region="US-CO",
            legal_name=f"{FIRST_NAMES[index % 10]} {LAST_NAMES[index // 10 % 8]}",
            preferred_name=FIRST_NAMES[index % 10] if index % 3 == 0 else "",
        )
        for index, user in enumerate(patients)
    )
    _book_the_week(services, providers, chairs, patients)
    return clinic, desk


def _services(clinic):
    common = {"clinic": clinic, "minimum_notice_minutes": 0}
    return {
        "consult": ServiceType.objects.create(
            name="Consultation", slug="consult", kind=ServiceKind.CONSULTATION, modality=Modality.IN_PERSON,
            duration_minutes=60, buffer_after_minutes=10, **common,
        ),
        "video": ServiceType.objects.create(
            name="Integration session (video)", slug="integration-video", kind=ServiceKind.INTEGRATION,
            modality=Modality.TELEHEALTH, duration_minutes=50, **common,
        ),
        "iv": ServiceType.objects.create(
            name="IV ketamine infusion", slug="iv", kind=ServiceKind.DOSING, modality=Modality.IN_PERSON,
            route=DosingRoute.IV_INFUSION, duration_minutes=40, recovery_minutes=120, buffer_before_minutes=10,
            needs_chair=True, **common,
        ),
    }  # fmt: skip


def _book_the_week(services, providers, chairs, patients):
    bookings = []
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        for index, provider in enumerate(providers):
            if index < CHAIRS:
                bookings += [("iv", provider, chairs[index], day, start) for start in IV_STARTS]
                bookings += [("consult", provider, None, day, start) for start in CONSULTS_WITH_IV]
            else:
                bookings += [("consult", provider, None, day, start) for start in CONSULTS_ONLY]
                bookings.append(("video", provider, None, day, VIDEO_START))
    shown = [
        _appointment(services[kind], provider, chair, day, start, patients[number % PATIENTS], number)
        for number, (kind, provider, chair, day, start) in enumerate(bookings[:SHOWN])
    ]
    # Cancelled visits at the times of the first consultations, by other patients.
    cancelled = [
        _appointment(services["consult"], provider, None, day, start, patients[-1 - number], number, cancelled=True)
        for number, (kind, provider, _, day, start) in enumerate(
            [booking for booking in bookings if booking[0] == "consult"][:CANCELLED]
        )
    ]
    Appointment.objects.bulk_create(shown + cancelled)
    doses = [appointment for appointment in shown if appointment.service_id == services["iv"].pk]
    # A third of the doses have a ride home named, a third asked for help, a third have not answered.
    RideHome.objects.bulk_create(
        RideHome(
            appointment=appointment,
            answer=RideHome.Answer.CONFIRMED if number % 3 == 0 else RideHome.Answer.NEEDS_HELP,
            escort_name="Chris Thompson" if number % 3 == 0 else "",
            escort_phone="+13035550177" if number % 3 == 0 else "",
            answered_at=SEEDED_AT,
        )
        for number, appointment in enumerate(doses)
        if number % 3 != 2
    )


def _appointment(service, provider, chair, day, start, patient, number, *, cancelled=False):
    status = AppointmentStatus.HELD if number % 25 == 0 else AppointmentStatus.CONFIRMED
    telehealth = service.modality == Modality.TELEHEALTH
    if cancelled:
        status = AppointmentStatus.CANCELLED
    return Appointment(
        clinic=service.clinic,
        patient=patient,
        provider=provider,
        chair=chair,
        service=service,
        status=status,
        hold_expires_at=SEEDED_AT + timedelta(minutes=10) if status == AppointmentStatus.HELD else None,
        cancelled_at=SEEDED_AT if cancelled else None,
        cancelled_by=CancelledBy.PATIENT if cancelled else "",
        video_room=f"bench-{number}" if telehealth else "",
        visit_region="US-CO" if telehealth else "",
        booked_by=patient,
        **occupied_ranges(timing_of(service), datetime.combine(day, start, tzinfo=ZONE)),
    )


def measure(client, label, runs, **query):
    def get():
        return client.get("/api/v1/clinics/benchmark/schedule", query)

    audited_before = AuditEvent.objects.count()
    get()  # the session's first request also renews it: count a steady one
    # Each appointment shown is audited once, whatever the shape of the answer.
    shown = AuditEvent.objects.count() - audited_before
    with CaptureQueriesContext(connection) as queries:
        response = get()
    # Counted now: each later request starts by emptying the connection's query log.
    query_count = len(queries)
    assert response.status_code == 200, response.content
    cpu, wall = [], []
    for _ in range(runs):
        started, started_cpu = clock.perf_counter(), clock.process_time()
        get()
        cpu.append((clock.process_time() - started_cpu) * 1000)
        wall.append((clock.perf_counter() - started) * 1000)
    return {
        "case": label,
        "appointments": shown,
        "cpu": statistics.median(cpu),
        "cpu_min": min(cpu),
        "wall": statistics.median(wall),
        "queries": query_count,
        "bytes": len(response.content),
        "per_appointment": len(response.content) / shown,
    }


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
    loadavg = Path("/proc/loadavg")
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "engine": engine,
        "python": platform.python_version(),
        "django": django.get_version(),
        "load": " ".join(loadavg.read_text().split()[:3]) if loadavg.exists() else "unknown",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per case (default 20)")
    args = parser.parse_args()

    if connection.vendor == "sqlite":
        # A file of its own, as the configured SQLite database is, and apart from the test suites' file.
        connection.settings_dict["TEST"]["NAME"] = "/tmp/portal_schedbench.sqlite3"  # noqa: S108
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _clinic, desk = seed()
        client = sign_in(Client(), desk)
        load_before = machine()["load"]
        rows = [
            measure(client, "week (7 days)", args.runs, date=FIRST_DAY.isoformat(), days=7),
            measure(client, "day (Monday)", args.runs, date=FIRST_DAY.isoformat(), days=1),
            measure(
                client, "week, cancelled included", args.runs, date=FIRST_DAY.isoformat(), days=7, include_cancelled=1
            ),
        ]
        print(report(rows, machine(), args.runs, load_before))
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def report(rows, facts, runs, load_before):
    lines = [
        f"Machine: {facts['nproc']} CPUs (`nproc`), {facts['cpu']}; {facts['engine']}; "
        f"Python {facts['python']}, Django {facts['django']}; load average (1, 5, 15 min) "
        f"{load_before} before, {facts['load']} after.",
        f"{runs} timed runs per case after two untimed ones (the second counts the queries).",
        "",
        "| case | appointments | CPU ms (median) | CPU ms (min) | wall ms (median) | queries | bytes "
        "| bytes per appointment |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['case']} | {row['appointments']} | {row['cpu']:.1f} | {row['cpu_min']:.1f} | {row['wall']:.1f} "
            f"| {row['queries']} | {row['bytes']:,} | {row['per_appointment']:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
