"""Who may call the FHIR API: a usable key of the clinic, with the scope of what it reads."""

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework_api_key.crypto import Sha512ApiKeyHasher

from apps.core.wall_clock import instants_at
from apps.fhir.authentication import KEY_GENERATOR
from apps.fhir.models import ClinicAPIKey
from apps.fhir.services import api_key_revoke, expiry_of
from tests.accounts.factories import StaffUserFactory
from tests.clinics.factories import ClinicFactory
from tests.fhir.factories import bearer, make_api_key
from tests.fhir.support import assert_outcome

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer nodot", "Basic abc.def", "Bearer .secret", "Bearer prefix.", "Bearer unknown.secret"],
)
def test_no_key_or_a_malformed_one_answers_401(client, scene, authorization):
    response = client.get("/fhir/R4/Patient", HTTP_AUTHORIZATION=authorization)
    assert_outcome(response, 401)


def test_the_right_prefix_with_a_wrong_secret_answers_401(client, scene):
    prefix = scene["secret"].split(".")[0]
    assert_outcome(client.get("/fhir/R4/Patient", **bearer(f"{prefix}.wrong-secret")), 401)


def test_a_revoked_key_answers_401_at_once(fhir, scene):
    assert fhir("Patient").status_code == 200
    api_key_revoke(key=scene["key"], actor=StaffUserFactory(mfa=False))
    assert_outcome(fhir("Patient"), 401)


def test_an_expired_key_answers_401_after_its_last_day_at_the_clinic(fhir, scene):
    _, secret = make_api_key(scene["clinic"], expires_on=date(2026, 11, 10))
    # Through the end of 10 November in Denver (07:00 UTC on the 11th), not a moment longer.
    with time_machine.travel("2026-11-11T06:59:59Z", tick=False):
        assert fhir("Patient", secret=secret).status_code == 200
    with time_machine.travel("2026-11-11T07:00:00Z", tick=False):
        assert_outcome(fhir("Patient", secret=secret), 401)


def test_a_scope_missing_answers_403_and_a_granted_one_reads(fhir, scene):
    _, secret = make_api_key(scene["clinic"], scopes=["system/Slot.read", "system/Patient.read"])
    assert fhir("Patient", secret=secret).status_code == 200
    body = assert_outcome(fhir("Appointment", secret=secret), 403)
    assert "system/Appointment.read" in body["issue"][0]["diagnostics"]
    assert_outcome(fhir(f"Appointment/{scene['appointment'].pk}", secret=secret), 403)


def test_a_key_of_a_closed_clinic_answers_401(fhir, scene):
    scene["clinic"].is_active = False
    scene["clinic"].save()
    assert_outcome(fhir("Patient"), 401)


def test_last_use_is_written_at_most_once_a_minute(fhir, scene, frozen, django_assert_num_queries):
    fhir("Location")
    key = ClinicAPIKey.objects.get(pk=scene["key"].pk)
    assert key.last_used_at == frozen
    # Within the minute: the key read, then the count, the page and the audit insert; no update.
    with time_machine.travel(frozen + timedelta(seconds=59), tick=False), django_assert_num_queries(4):
        fhir("Location")
    with time_machine.travel(frozen + timedelta(seconds=61), tick=False), django_assert_num_queries(5):
        fhir("Location")
    assert ClinicAPIKey.objects.get(pk=scene["key"].pk).last_used_at == frozen + timedelta(seconds=61)


def test_only_a_hash_is_stored_and_checking_it_is_one_sha512_not_a_password_hash(scene):
    key = scene["key"]
    assert scene["secret"] not in key.hashed_key
    assert key.hashed_key.startswith("sha512$$")
    assert isinstance(KEY_GENERATOR.preferred_hasher, Sha512ApiKeyHasher)
    started = time.perf_counter()
    for _ in range(1000):
        assert KEY_GENERATOR.verify(scene["secret"], key.hashed_key)
    # A thousand checks in well under a second: PBKDF2's hundreds of thousands of rounds take ~0.1 s each.
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("zone", "last_day", "ends_at"),
    [
        # Santiago skips midnight (00:00 becomes 01:00, UTC-4 to UTC-3): the day ends when clocks jump.
        ("America/Santiago", date(2026, 9, 5), datetime(2026, 9, 6, 4, 0, tzinfo=UTC)),
        # Havana repeats the hour after midnight (01:00 back to 00:00, UTC-4 to UTC-5): its first midnight.
        ("America/Havana", date(2026, 10, 31), datetime(2026, 11, 1, 4, 0, tzinfo=UTC)),
    ],
)
def test_a_key_expires_when_the_next_day_begins_even_where_clocks_change_at_midnight(zone, last_day, ends_at):
    # The zones' rules as tzdata here has them, so the cases test what they claim.
    assert instants_at(datetime(2026, 9, 6, 0, 0), ZoneInfo("America/Santiago")) == []
    assert len(instants_at(datetime(2026, 11, 1, 0, 0), ZoneInfo("America/Havana"))) == 2
    clinic = ClinicFactory.build(timezone=zone)
    assert expiry_of(clinic, last_day) == ends_at
    key = ClinicAPIKey(expires_at=expiry_of(clinic, last_day))
    assert key.usable_at(ends_at - timedelta(seconds=1)) and not key.usable_at(ends_at)
