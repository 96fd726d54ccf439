"""The benchmark network's two ways of writing: COPY on PostgreSQL and bulk_create elsewhere write the
same rows, and the appointments' checks (dropped for the COPY and created again) still hold."""

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import check_password
from django.db import IntegrityError, connection, transaction

from apps.accounts.models import PatientProfile, User
from apps.booking.models import Appointment, AppointmentStatus, Chair, ServiceType
from apps.care.models import Assessment, Intake
from apps.clinics.models import Clinic, ClinicMembership, ClinicPatient, Organization, ProviderProfile
from benchmarks import network
from benchmarks.network import BENCH_PASSWORD, Scale, seed_network

NOW = datetime(2026, 11, 25, 15, tzinfo=UTC)
TINY = {"clinics": 2, "providers": 4, "patients": 40, "appointments": 600}
# Written by the database or the clock, or salted, so never equal between two seeds.
UNEQUAL = {"id", "created_at", "updated_at", "date_joined", "password"}
EXCLUSION_CONSTRAINTS = {"booking_no_provider_overlap", "booking_no_chair_overlap", "booking_no_patient_overlap"}


def seed(slug: str, *, copy: bool):
    with time_machine.travel(NOW, tick=False):
        return seed_network(Scale(**TINY, slug=slug), today=NOW.date(), log=lambda line: None, copy=copy)


def network_rows(slug: str) -> dict[str, list]:
    """Every row the seed of ``slug`` wrote, table by table, with each reference to another row replaced
    by what names that row without its id (an e-mail, a clinic's slug …) and the slug taken out."""

    def unslugged(text: str) -> str:
        return text.replace(slug, "SLUG")

    users = User.objects.filter(email__endswith=f"@{slug}.bench.example")
    clinics = Clinic.objects.filter(organization__slug=slug)
    names = {
        "user": {pk: unslugged(email) for pk, email in users.values_list("pk", "email")},
        "clinic": {pk: unslugged(clinic) for pk, clinic in clinics.values_list("pk", "slug")},
        "provider": {
            pk: unslugged(email)
            for pk, email in ProviderProfile.objects.filter(user__in=users).values_list("pk", "user__email")
        },
        "chair": {
            pk: (unslugged(clinic), name)
            for pk, clinic, name in Chair.objects.filter(clinic__in=clinics).values_list("pk", "clinic__slug", "name")
        },
        "service": {
            pk: (unslugged(clinic), name)
            for pk, clinic, name in ServiceType.objects.filter(clinic__in=clinics).values_list(
                "pk", "clinic__slug", "slug"
            )
        },
    }
    reference = {
        "user_id": "user",
        "patient_id": "user",
        "booked_by_id": "user",
        "clinic_id": "clinic",
        "provider_id": "provider",
        "chair_id": "chair",
        "service_id": "service",
    }

    def named(row: dict) -> tuple:
        values = {}
        for column, value in row.items():
            if column in UNEQUAL:
                continue
            if column in reference and value is not None:
                value = names[reference[column]][value]
            elif isinstance(value, str):
                value = unslugged(value)
            values[column] = repr(value)
        return tuple(sorted(values.items()))

    of_users = {"user__in": users}
    querysets = {
        "users": users,
        "patient profiles": PatientProfile.objects.filter(**of_users),
        "e-mail addresses": EmailAddress.objects.filter(**of_users),
        "authenticators": Authenticator.objects.filter(**of_users),
        "memberships": ClinicMembership.objects.filter(**of_users),
        "clinic patients": ClinicPatient.objects.filter(clinic__in=clinics),
        "intakes": Intake.objects.filter(patient__in=users),
        "assessments": Assessment.objects.filter(patient__in=users),
        "appointments": Appointment.objects.filter(clinic__in=clinics),
    }
    return {table: sorted(named(row) for row in queryset.values()) for table, queryset in querysets.items()}


def catalogue_of(table: str) -> set:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid = %s::regclass"
            " UNION SELECT indexrelid::regclass::text, 'index', indisvalid FROM pg_index WHERE indrelid = %s::regclass",
            [table, table],
        )
        return set(cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.django_db
def test_copy_writes_the_rows_that_bulk_create_writes():
    copied = seed("copied", copy=True)
    created = seed("created", copy=False)

    assert copied.counts == created.counts
    copied_rows, created_rows = network_rows("copied"), network_rows("created")
    assert {table: len(rows) for table, rows in copied_rows.items()} == {
        "users": 46,
        "patient profiles": 40,
        "e-mail addresses": 46,
        "authenticators": 6,
        "memberships": 6,
        "clinic patients": 40,
        "intakes": 40,
        "assessments": 80,
        "appointments": 600,
    }
    for table, rows in copied_rows.items():
        assert rows == created_rows[table], table
    for slug in ("copied", "created"):
        (password,) = set(
            User.objects.filter(email__endswith=f"@{slug}.bench.example").values_list("password", flat=True)
        )
        assert check_password(BENCH_PASSWORD, password)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_appointments_checks_come_back_validated():
    before = catalogue_of("booking_appointment")
    seed("checked", copy=True)

    assert catalogue_of("booking_appointment") == before
    assert {name for name, kind, validated in before if kind == "x" and validated} == EXCLUSION_CONSTRAINTS
    taken = Appointment.objects.filter(clinic__organization__slug="checked", status=AppointmentStatus.COMPLETED)[0]
    taken.id = uuid.uuid4()
    with pytest.raises(IntegrityError, match="booking_no_"), transaction.atomic():
        taken.save(force_insert=True)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_double_booking_fails_the_seed_and_leaves_nothing(monkeypatch):
    """Every patient in every slot: the patients' exclusion constraint refuses to be created again."""
    before = catalogue_of("booking_appointment")
    monkeypatch.setattr(network, "_next_patient", lambda patients, cursor, clinic_id, seen_today: patients[0])

    with pytest.raises(IntegrityError, match="booking_no_patient_overlap"):
        seed("doubled", copy=True)

    assert not Organization.objects.filter(slug="doubled").exists()
    assert not User.objects.filter(email__endswith="@doubled.bench.example").exists()
    assert catalogue_of("booking_appointment") == before


@pytest.mark.postgres
@pytest.mark.django_db
def test_copy_refuses_a_row_that_names_no_field():
    with pytest.raises(TypeError, match="Organization has no field nickname"):
        network._CopyWriter().write(Organization, [{"name": "A", "slug": "a", "nickname": "b"}])


@pytest.mark.django_db
def test_copy_is_refused_on_other_databases():
    if connection.vendor == "postgresql":
        pytest.skip("runs where the database is not PostgreSQL (there, COPY is what the seed uses)")
    with pytest.raises(ValueError, match="COPY needs PostgreSQL"):
        seed("nocopy", copy=True)
