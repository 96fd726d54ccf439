"""Seed a large clinic network for the load benchmark, fast: the big tables written with PostgreSQL's
COPY (``bulk_create`` in batches on other databases), one password hash for every account, and
appointments placed on a fixed grid so that no provider, chair or patient is ever double-booked.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python -m benchmarks.network \\
        --clinics 10 --providers 200 --patients 50000 --appointments 500000

The database must be migrated and hold no network of that name yet (``--slug``). What is made:

- one organization with ``clinics`` clinics (a few US zones), each with six chairs and five services
  (consultation, IV infusion and IM injection in a chair, integration session, follow-up);
- ``providers`` providers spread over the clinics, working Monday to Friday 08:00-18:00 in their
  clinic's local time (every fourth one also Saturday morning), plus one front-desk account a clinic;
- ``patients`` patients, each with a home clinic, a verified e-mail, a profile, a submitted intake and
  two PHQ-9 check-ins;
- ``appointments`` appointments on a grid of 75-minute provider slots, about seven in ten slots filled,
  most of them in the past (completed, some no-shows and cancellations) and the rest over the next
  six weeks (confirmed, some cancelled). Dosing sessions take a chair for the session and its
  recovery; a slot whose chairs are all taken gets an integration session instead.

On PostgreSQL the appointments go in as PostgreSQL's guide to populating a database advises: the
table's secondary indexes, foreign keys and the three exclusion constraints of booking's migration
0002 are dropped, the rows copied, and all of them created again before the transaction commits.
Creating them checks every row (an exclusion constraint or a unique index is not created over rows
that break it, and a foreign key added without NOT VALID is checked against the whole table), so the
rules hold as they would row by row: a double booking makes the seed fail and roll back.

Every account uses ``BENCH_PASSWORD``; staff accounts have two-factor authentication with the demo
TOTP secret (``manage.py demo_totp_code`` prints the current code). Logins: ``patient_email(n)`` and
``staff_email(n)``, documented for the load run in ``benchmarks/locustfile.py``.
"""

import argparse
import contextlib
import itertools
import os
import time as clock
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BENCH_PASSWORD = "portal-bench-2026"  # noqa: S105 (a published password for seeded benchmark accounts)
ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix"]
REGIONS = {
    "America/New_York": "US-NY",
    "America/Chicago": "US-IL",
    "America/Denver": "US-CO",
    "America/Los_Angeles": "US-CA",
    "America/Phoenix": "US-AZ",
}
CHAIRS_PER_CLINIC = 6
SLOT_MINUTES = 75
FIRST_SLOT = time(8, 0)
SLOTS_PER_DAY = 8  # 08:00 to 18:00
SATURDAY_SLOTS = 3
FILL_RATIO = 0.7
FUTURE_DAYS = 42
BATCH = 5000


def patient_email(slug: str, number: int) -> str:
    return f"patient{number}@{slug}.bench.example"


def staff_email(slug: str, number: int) -> str:
    return f"provider{number}@{slug}.bench.example"


def desk_email(slug: str, clinic_number: int) -> str:
    return f"desk{clinic_number}@{slug}.bench.example"


def clinic_slug(slug: str, clinic_number: int) -> str:
    return f"{slug}-{clinic_number}"


@dataclass
class Scale:
    clinics: int
    providers: int
    patients: int
    appointments: int
    slug: str = "bench"

    def __post_init__(self):
        if not 1 <= self.clinics <= self.providers:
            raise ValueError("Every clinic needs at least one provider.")
        if self.patients < self.clinics:
            raise ValueError("Every clinic needs at least one patient.")


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    first_day: date | None = None
    last_day: date | None = None


@dataclass
class _Services:
    consult: object
    iv: object
    im: object
    integration: object
    follow_up: object


def seed_network(scale: Scale, *, today: date | None = None, log=print, copy: bool | None = None) -> SeedReport:
    """Build the network described by ``scale`` around ``today`` (the server's date by default).

    ``copy``: write the big tables with COPY (PostgreSQL only, and the default there) rather than with
    ``bulk_create`` (the way on any other database). Both write the same rows."""
    from django.db import connection, transaction

    from apps.clinics.models import Organization

    if copy is None:
        copy = connection.vendor == "postgresql"
    if copy and connection.vendor != "postgresql":
        raise ValueError(f"COPY needs PostgreSQL, not {connection.vendor}.")
    if Organization.objects.filter(slug=scale.slug).exists():
        raise ValueError(f"A network called {scale.slug!r} exists already: use a fresh database or another --slug.")
    today = today or datetime.now(UTC).date()
    report = SeedReport()
    writer = _CopyWriter() if copy else _BulkWriter()
    with transaction.atomic():
        _Seeder(scale, today, report, log, writer).run()
    if copy:
        # Statistics for the planner now, rather than whenever autovacuum comes to these tables.
        started = clock.perf_counter()
        with connection.cursor() as cursor:
            for table in writer.tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        log(f"  analyze: {len(writer.tables)} tables in {clock.perf_counter() - started:.1f} s")
    return report


class _BulkWriter:
    """Writes rows given as ``{attname: value}``, the model's defaults filling in the rest, with
    ``bulk_create`` in batches."""

    def write(self, model, rows: Iterable[dict]) -> int:
        count = 0
        for batch in _batches(rows, BATCH):
            model.objects.bulk_create([model(**row) for row in batch])
            count += len(batch)
        return count

    def checked_after_load(self, model, log):
        return contextlib.nullcontext()


class _CopyWriter:
    """Writes the same rows with ``COPY … FROM STDIN`` (psycopg 3). A column a row leaves out gets what
    the model's constructor and ``bulk_create`` would give it: the field's default (called for each
    row when it is a callable, such as ``uuid4``), or one "now" for ``auto_now`` and ``auto_now_add``.

    Values go to psycopg as they are for the fields whose Python values psycopg sends just as Django
    would (text, numbers, booleans, dates and times, UUIDs, and foreign keys to those); any other field
    (JSON, phone numbers …) prepares them with its own ``get_db_prep_save``."""

    def __init__(self):
        from django.utils import timezone

        self.now = timezone.now()
        self.tables: list[str] = []

    def write(self, model, rows: Iterable[dict]) -> int:
        from django.db import connection

        fields = [field for field in model._meta.concrete_fields if not _filled_by_database(field)]
        plan = [self._column(field) for field in fields]
        known = {field.attname for field in fields}
        quote = connection.ops.quote_name
        statement = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) FROM STDIN"
        )
        count = 0
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                if not row.keys() <= known:
                    raise TypeError(f"{model.__name__} has no field {', '.join(sorted(row.keys() - known))}.")
                values = []
                for attname, default, per_row, prepare in plan:
                    value = row.get(attname, _LEFT_OUT)
                    if value is _LEFT_OUT:
                        value = default() if per_row else default
                    values.append(value if prepare is None else prepare(value, connection))
                copy.write_row(values)
                count += 1
        if model._meta.db_table not in self.tables:
            self.tables.append(model._meta.db_table)
        return count

    def _column(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default, per_row = self.now, False
        elif field.has_default() and callable(field.default):
            default, per_row = field.default, True
        else:
            default, per_row = field.get_default(), False
        stored_as = field.target_field if field.is_relation else field
        prepare = None if type(stored_as).__name__ in _SENT_AS_IS else field.get_db_prep_save
        return field.attname, default, per_row, prepare

    def checked_after_load(self, model, log):
        return _checked_after_load(model._meta.db_table, log)


_LEFT_OUT = object()

# Django field classes (exactly these, not their subclasses) whose Python values psycopg adapts itself.
_SENT_AS_IS = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DateField", "DateTimeField",
    "EmailField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField", "TimeField", "UUIDField",
}  # fmt: skip


def _filled_by_database(field) -> bool:
    from django.db import models

    return isinstance(field, models.AutoField)


@contextlib.contextmanager
def _checked_after_load(table: str, log):
    """Load ``table`` without its secondary indexes, foreign keys and exclusion constraints, and create
    them again at the end (PostgreSQL's advice for populating a database). Creating them checks every
    row of the table, loaded or not: an exclusion constraint or a unique index is not created over rows
    that break it, and a foreign key added without NOT VALID is checked against the whole table. So a
    load that breaks a rule fails here, and the transaction it is in rolls back. They come back as
    PostgreSQL prints them (``pg_get_indexdef``, ``pg_get_constraintdef``): the same rules, though a
    condition may be spelled differently (a cast moved inside an array)."""
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype IN ('f', 'x') ORDER BY conname",
            [table],
        )
        constraints = cursor.fetchall()
        # Indexes of their own, not those behind a constraint (the primary key stays: others refer to it).
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = %s::regclass"
            " AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = indexrelid) ORDER BY 1",
            [table],
        )
        indexes = cursor.fetchall()
        # Dropping a foreign key alters the table it refers to, which PostgreSQL refuses while checks of
        # earlier rows are pending: run them now. (Every deferrable constraint here is initially
        # deferred, so deferring them all again afterwards restores the transaction's rules.)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    started = clock.perf_counter()
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    log(
        f"    {len(indexes)} indexes and {len(constraints)} constraints of {table} created again, every row"
        f" checked, in {clock.perf_counter() - started:.1f} s"
    )


class _Seeder:
    def __init__(self, scale: Scale, today: date, report: SeedReport, log, writer):
        from django.contrib.auth.hashers import make_password

        self.scale, self.today, self.report, self.log, self.writer = scale, today, report, log, writer
        self.password = make_password(BENCH_PASSWORD)

    def step(self, name: str, make):
        started = clock.perf_counter()
        count = make()
        self.report.seconds[name] = clock.perf_counter() - started
        self.report.counts[name] = count
        self.log(f"  {name}: {count:,} in {self.report.seconds[name]:.1f} s")
        return count

    def run(self) -> None:
        self.step("clinics", self.make_clinics)
        self.step("staff", self.make_staff)
        self.step("weekly hours", self.make_hours)
        self.step("patients", self.make_patients)
        self.step("care records", self.make_care_records)
        self.step("appointments", self.make_appointments)

    # --- Clinics, services, chairs ----------------------------------------------------------------

    def make_clinics(self) -> int:
        from apps.booking.models import Chair, DosingRoute, Modality, ServiceKind, ServiceType
        from apps.booking.selectors.catalogue import timing_of
        from apps.clinics.models import Clinic, Organization

        scale = self.scale
        self.organization = Organization.objects.create(name=f"Benchmark network {scale.slug}", slug=scale.slug)
        self.clinics = Clinic.objects.bulk_create(
            Clinic(
                organization=self.organization,
                name=f"Clinic {number}",
                slug=clinic_slug(scale.slug, number),
                address_line1=f"{number + 1} Main Street",
                city="Springfield",
                region=REGIONS[ZONES[number % len(ZONES)]],
                postal_code="10001",
                phone="+12125550100",
                timezone=ZONES[number % len(ZONES)],
            )
            for number in range(scale.clinics)
        )
        common = {"minimum_notice_minutes": 24 * 60, "horizon_days": 60, "slot_step_minutes": 15}
        in_person = {"modality": Modality.IN_PERSON, **common}
        self.services = {}
        for clinic in self.clinics:
            made = ServiceType.objects.bulk_create(
                [
                    ServiceType(clinic=clinic, name="Consultation", slug="consultation", kind=ServiceKind.CONSULTATION,
                                duration_minutes=60, buffer_after_minutes=10, price_cents=25000, **in_person),
                    ServiceType(clinic=clinic, name="IV infusion", slug="iv-infusion", kind=ServiceKind.DOSING,
                                route=DosingRoute.IV_INFUSION, duration_minutes=40, recovery_minutes=120,
                                buffer_before_minutes=10, needs_chair=True, price_cents=45000, **in_person),
                    ServiceType(clinic=clinic, name="IM injection", slug="im-injection", kind=ServiceKind.DOSING,
                                route=DosingRoute.IM_INJECTION, duration_minutes=30, recovery_minutes=90,
                                buffer_before_minutes=10, needs_chair=True, price_cents=35000, **in_person),
                    ServiceType(clinic=clinic, name="Integration session", slug="integration",
                                kind=ServiceKind.INTEGRATION, duration_minutes=50, buffer_after_minutes=10,
                                price_cents=15000, **in_person),
                    ServiceType(clinic=clinic, name="Follow-up", slug="follow-up", kind=ServiceKind.FOLLOW_UP,
                                duration_minutes=30, buffer_after_minutes=10, price_cents=10000, **in_person),
                ]
            )  # fmt: skip
            self.services[clinic.pk] = _Services(*made)
        self.timings = {
            service.pk: timing_of(service) for services in self.services.values() for service in vars(services).values()
        }
        chairs = Chair.objects.bulk_create(
            Chair(clinic=clinic, name=f"Chair {number + 1}")
            for clinic in self.clinics
            for number in range(CHAIRS_PER_CLINIC)
        )
        self.chairs = {clinic.pk: [] for clinic in self.clinics}
        for chair in chairs:
            self.chairs[chair.clinic_id].append(chair.pk)
        return len(self.clinics)

    # --- Staff ------------------------------------------------------------------------------------

    def make_staff(self) -> int:
        from allauth.account.models import EmailAddress
        from allauth.mfa.adapter import get_adapter
        from allauth.mfa.models import Authenticator

        from apps.accounts.demo import DEMO_TOTP_SECRET
        from apps.accounts.models import User
        from apps.clinics.models import ClinicMembership, ProviderProfile, Role

        scale = self.scale
        # Provider n works at clinic n % clinics.
        self.provider_clinic = [self.clinics[number % scale.clinics] for number in range(scale.providers)]
        provider_users = [
            User(email=staff_email(scale.slug, n), password=self.password) for n in range(scale.providers)
        ]
        desk_users = [User(email=desk_email(scale.slug, n), password=self.password) for n in range(scale.clinics)]
        User.objects.bulk_create(provider_users + desk_users, batch_size=BATCH)
        self.providers = ProviderProfile.objects.bulk_create(
            ProviderProfile(user=user, display_name=f"Provider {number}", credentials="MD")
            for number, user in enumerate(provider_users)
        )
        ClinicMembership.objects.bulk_create(
            [ClinicMembership(clinic=self.provider_clinic[n], user=user, role=Role.PROVIDER)
             for n, user in enumerate(provider_users)]
            + [ClinicMembership(clinic=self.clinics[n], user=user, role=Role.FRONT_DESK)
               for n, user in enumerate(desk_users)]
        )  # fmt: skip
        staff = provider_users + desk_users
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in staff), batch_size=BATCH
        )
        # The secret encrypted once, as TOTP.activate() stores it, for every staff account.
        totp_data = {"secret": get_adapter().encrypt(DEMO_TOTP_SECRET)}
        Authenticator.objects.bulk_create(
            (Authenticator(user=user, type=Authenticator.Type.TOTP, data=totp_data) for user in staff), batch_size=BATCH
        )
        return len(staff)

    def make_hours(self) -> int:
        from apps.booking.models import WeeklyHours

        end, saturday_end = (_after_slots(count) for count in (SLOTS_PER_DAY, SATURDAY_SLOTS))
        rows = []
        for number, provider in enumerate(self.providers):
            clinic = self.provider_clinic[number]
            rows += [
                WeeklyHours(provider=provider, clinic=clinic, weekday=weekday, start_time=FIRST_SLOT, end_time=end)
                for weekday in range(5)
            ]
            if self.works_saturday(number):
                saturday = WeeklyHours(
                    provider=provider, clinic=clinic, weekday=5, start_time=FIRST_SLOT, end_time=saturday_end
                )
                rows.append(saturday)
        WeeklyHours.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    @staticmethod
    def works_saturday(provider_number: int) -> bool:
        return provider_number % 4 == 0

    # --- Patients ---------------------------------------------------------------------------------

    def make_patients(self) -> int:
        from allauth.account.models import EmailAddress

        from apps.accounts.models import PatientProfile, User
        from apps.clinics.models import ClinicPatient

        scale, write = self.scale, self.writer.write
        # Patient n's home clinic is clinic n % clinics.
        patients = [(n, uuid.uuid4(), self.clinics[n % scale.clinics]) for n in range(scale.patients)]
        write(
            User,
            ({"id": pk, "email": patient_email(scale.slug, n), "password": self.password} for n, pk, _ in patients),
        )
        write(
            PatientProfile,
            (
                {
                    "user_id": pk,
                    "legal_name": f"Patient {n}",
                    "preferred_name": f"P{n}",
                    "region": clinic.region,
                    "timezone": clinic.timezone,
                    "phone": "+12125550199",
                }
                for n, pk, clinic in patients
            ),
        )
        write(
            EmailAddress,
            (
                {"user_id": pk, "email": patient_email(scale.slug, n), "primary": True, "verified": True}
                for n, pk, _ in patients
            ),
        )
        write(ClinicPatient, ({"clinic_id": clinic.pk, "patient_id": pk} for _, pk, clinic in patients))
        self.patients_by_clinic = {clinic.pk: [] for clinic in self.clinics}
        for _, pk, clinic in patients:
            self.patients_by_clinic[clinic.pk].append(pk)
        return scale.patients

    def make_care_records(self) -> int:
        """A submitted intake and two PHQ-9 check-ins a patient: what the dashboard shows."""
        from apps.care.models import Assessment, Intake

        submitted = datetime.combine(self.today - timedelta(days=400), time(15), tzinfo=UTC)
        patient_ids = [pk for ids in self.patients_by_clinic.values() for pk in ids]
        intakes = self.writer.write(
            Intake,
            (
                {
                    "patient_id": pk,
                    "status": Intake.Status.SUBMITTED,
                    "submitted_at": submitted,
                    "diagnosis": Intake.Diagnosis.MAJOR_DEPRESSION,
                    "screening_outcome": Intake.ScreeningOutcome.LIKELY_CANDIDATE,
                }
                for pk in patient_ids
            ),
        )
        assessments = self.writer.write(
            Assessment,
            (
                {
                    "patient_id": pk,
                    "instrument": "phq9",
                    "answers": answers,
                    "total_score": sum(answers),
                    "severity": severity,
                    "taken_at": self.now_utc() - timedelta(days=days_ago),
                }
                for index, pk in enumerate(patient_ids)
                for answers, severity, days_ago in (
                    ([2, 2, 2, 2, 1, 2, 2, 1, 0], "moderate", 40 + index % 20),
                    ([1, 1, 1, 1, 1, 1, 1, 0, 0], "mild", 5 + index % 20),
                )
            ),
        )
        return intakes + assessments

    def now_utc(self) -> datetime:
        return datetime.combine(self.today, time(12), tzinfo=UTC)

    # --- Appointments -----------------------------------------------------------------------------

    def make_appointments(self) -> int:
        from apps.booking.models import Appointment

        started = clock.perf_counter()
        with self.writer.checked_after_load(Appointment, self.log):
            created = self.writer.write(Appointment, self.appointment_rows())
            self.log(f"    {created:,} appointments written in {clock.perf_counter() - started:.1f} s")
        return created

    def working_days(self) -> tuple[date, date]:
        """The first and last day of the grid: the future six weeks, and as far back as needed for the
        number of appointments asked for."""
        weekly_slots = sum(
            SLOTS_PER_DAY * 5 + (SATURDAY_SLOTS if self.works_saturday(n) else 0) for n in range(self.scale.providers)
        )
        weeks = self.scale.appointments / (weekly_slots * FILL_RATIO)
        past_days = max(7, int(weeks * 7) - FUTURE_DAYS + 7)
        return self.today - timedelta(days=past_days), self.today + timedelta(days=FUTURE_DAYS)

    def appointment_rows(self) -> Iterator:
        first_day, last_day = self.working_days()
        self.report.first_day, self.report.last_day = first_day, last_day
        placed = 0
        day = first_day
        patient_cursor = {clinic.pk: 0 for clinic in self.clinics}
        while day <= last_day and placed < self.scale.appointments:
            for clinic in self.clinics:
                for row in self.clinic_day(clinic, day, patient_cursor):
                    yield row
                    placed += 1
                    if placed == self.scale.appointments:
                        return
            day += timedelta(days=1)

    def clinic_day(self, clinic, day: date, patient_cursor: dict) -> Iterator:
        """One clinic's appointments on one local day: slot by slot, provider by provider, so that chairs
        are handed out in time order and no patient has two visits that day."""
        weekday = day.weekday()
        if weekday == 6:
            return
        zone = ZoneInfo(clinic.timezone)
        slots_today = SATURDAY_SLOTS if weekday == 5 else SLOTS_PER_DAY
        providers = [
            (number, provider)
            for number, provider in enumerate(self.providers)
            if self.provider_clinic[number].pk == clinic.pk and (weekday < 5 or self.works_saturday(number))
        ]
        chair_free_at = dict.fromkeys(self.chairs[clinic.pk], datetime.min.replace(tzinfo=UTC))
        patients = self.patients_by_clinic[clinic.pk]
        seen_today: set = set()
        for slot in range(slots_today):
            slot_start = datetime.combine(day, FIRST_SLOT, tzinfo=zone) + timedelta(minutes=SLOT_MINUTES * slot)
            for number, provider in providers:
                if not _filled(day, number, slot):
                    continue
                patient_id = _next_patient(patients, patient_cursor, clinic.pk, seen_today)
                if patient_id is None:
                    return
                service = self.service_for(clinic, day, number, slot)
                chair_id = None
                if service.needs_chair:
                    start = slot_start + timedelta(minutes=service.buffer_before_minutes)
                    chair_id = next((pk for pk, free in chair_free_at.items() if free <= start), None)
                    if chair_id is None:
                        service = self.services[clinic.pk].integration
                    else:
                        chair_free_at[chair_id] = start + timedelta(
                            minutes=service.duration_minutes + service.recovery_minutes
                        )
                yield self.appointment(clinic, provider, chair_id, service, slot_start, patient_id, day)

    def service_for(self, clinic, day: date, provider_number: int, slot: int):
        services = self.services[clinic.pk]
        pick = (day.toordinal() * 7 + provider_number * 3 + slot) % 10
        return [services.consult, services.consult, services.iv, services.iv, services.iv, services.im,
                services.integration, services.integration, services.follow_up, services.follow_up][pick]  # fmt: skip

    def appointment(self, clinic, provider, chair_id, service, slot_start: datetime, patient_id, day: date) -> dict:
        from apps.booking.models import AppointmentStatus, CancelledBy
        from apps.booking.services.placement import occupied_ranges

        start = (slot_start + timedelta(minutes=service.buffer_before_minutes)).astimezone(UTC)
        status = _status_on(day, self.today, start)
        cancelled = status == AppointmentStatus.CANCELLED
        return {
            "clinic_id": clinic.pk,
            "patient_id": patient_id,
            "provider_id": provider.pk,
            "chair_id": chair_id,
            "service_id": service.pk,
            "status": status,
            "booked_by_id": patient_id,
            "cancelled_at": start - timedelta(days=2) if cancelled else None,
            "cancelled_by": CancelledBy.PATIENT if cancelled else "",
            **occupied_ranges(self.timings[service.pk], start),
        }


def _after_slots(count: int) -> time:
    return (datetime.combine(date.min, FIRST_SLOT) + timedelta(minutes=SLOT_MINUTES * count)).time()


def _filled(day: date, provider_number: int, slot: int) -> bool:
    """About seven slots in ten are booked, spread so that every provider has gaps every day."""
    return (day.toordinal() * 13 + provider_number * 7 + slot * 3) % 10 < FILL_RATIO * 10


def _status_on(day: date, today: date, start: datetime) -> str:
    from apps.booking.models import AppointmentStatus

    roll = (start.toordinal() * 31 + start.hour * 7 + start.minute) % 20
    if day < today:
        if roll < 2:
            return AppointmentStatus.CANCELLED
        return AppointmentStatus.NO_SHOW if roll == 2 else AppointmentStatus.COMPLETED
    return AppointmentStatus.CANCELLED if roll < 2 else AppointmentStatus.CONFIRMED


def _next_patient(patients: list, cursor: dict, clinic_id, seen_today: set):
    """The clinic's patients in turn, skipping any already seen that day (a patient has one visit a
    day here, so no two of their visits overlap)."""
    for _ in range(len(patients)):
        patient_id = patients[cursor[clinic_id] % len(patients)]
        cursor[clinic_id] += 1
        if patient_id not in seen_today:
            seen_today.add(patient_id)
            return patient_id
    return None


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clinics", type=int, default=10)
    parser.add_argument("--providers", type=int, default=200)
    parser.add_argument("--patients", type=int, default=50_000)
    parser.add_argument("--appointments", type=int, default=500_000)
    parser.add_argument("--slug", default="bench", help="the organization's slug; clinics are <slug>-0, <slug>-1 …")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    if os.environ["DJANGO_SETTINGS_MODULE"].endswith("production"):
        raise SystemExit("The benchmark network has accounts with a published password: not in production.")
    import django

    django.setup()
    scale = Scale(args.clinics, args.providers, args.patients, args.appointments, args.slug)
    started = clock.perf_counter()
    print(f"Seeding {scale}")
    report = seed_network(scale)
    print(f"Done in {clock.perf_counter() - started:.1f} s: appointments from {report.first_day} to {report.last_day}.")


if __name__ == "__main__":
    main()
