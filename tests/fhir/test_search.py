"""Searching: parameters (refused with 400 when unknown or unreadable), date prefixes, paging that
stays right when rows change between pages, and a constant number of queries per page."""

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from apps.audit.models import AuditEvent
from apps.booking.models import AppointmentStatus
from apps.care.instruments import GAD7
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import make_assessment
from tests.clinics.factories import ClinicPatientFactory
from tests.fhir.conftest import provider_at
from tests.fhir.support import assert_outcome, assert_valid_searchset, link

pytestmark = pytest.mark.django_db


def _follow(client, url, secret):
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}", HTTP_AUTHORIZATION=f"Bearer {secret}")


def _appointments(scene, count, *, start=datetime(2026, 11, 20, 16, 0, tzinfo=UTC), patient=None, **fields):
    """``count`` appointments a day apart from ``start`` (each with a new patient unless one is given)."""
    return [
        AppointmentFactory(
            service=scene["service"],
            patient=patient or ClinicPatientFactory(clinic=scene["clinic"]).patient,
            provider=scene["membership"].user.provider_profile,
            starts_at=start + timedelta(days=day),
            **fields,
        )
        for day in range(count)
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"unknown": "1"},
        {"gender": "female"},
        {"date": "yesterday"},
        {"date": "2026-11-12T09:00:00"},  # a wall time without its offset
        {"date": "2026-13-01"},
        {"date": "ne2026-11-12"},
        {"status": "booked,"},
        {"status": "bogus"},
        {"patient": "Patient/not-a-uuid"},
        {"patient": "Practitioner/00000000-0000-0000-0000-000000000000"},
        {"_count": "0"},
        {"_count": "many"},
        {"_cursor": "garbage"},
        {"_cursor": "WyJuIiwiYSIsImIiXQ"},  # a well-formed cursor of values that are not this sort's
        {"_format": "xml"},
        {"date": "\n"},
        {"date": "ge\n"},
        {"date": "2026-11-12\n"},  # a trailing newline is not part of a date
        {"_lastUpdated": "lt\u0662\u0660\u0662\u0666"},  # Arabic-Indic digits: not a FHIR date
        {"_count": "\u00b2"},  # "²".isdigit() is True, int("²") fails
        {"_count": "\u0663"},  # int("٣") is 3, but it is no FHIR number
        {"_count": "5\n"},
        {"_count": " 5"},
        {"_count": "1_0"},
    ],
)
def test_a_bad_search_answers_400_operation_outcome(fhir, params):
    assert_outcome(fhir("Appointment", **params), 400)


def _cursor(*key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("resource_type", "params"),
    [
        ("Location", {"_cursor": _cursor("n", float("inf"))}),
        ("Location", {"_cursor": _cursor("n", 10**30)}),
        ("Location", {"_cursor": _cursor("n", 1.5)}),
        ("Location", {"_cursor": _cursor("n", True)}),
        ("Location", {"_cursor": _cursor("n", "7")}),
        ("Patient", {"_cursor": _cursor("n", ["a"])}),
        ("Appointment", {"_cursor": _cursor("n", "2026-11-12T16:00:00", str(uuid.uuid4()))}),  # no offset
        ("Appointment", {"_cursor": _cursor("n", "0001-01-01T00:00:00+14:00", str(uuid.uuid4()))}),
        ("Appointment", {"_cursor": _cursor("n", 1, str(uuid.uuid4()))}),
    ],
)
def test_a_cursor_not_written_by_this_server_answers_400(fhir, resource_type, params):
    assert_outcome(fhir(resource_type, **params), 400)


def test_an_id_in_other_digits_or_at_the_edge_of_the_calendar_answers_404(fhir, scene):
    assert_outcome(fhir(f"Location/{scene['clinic'].pk}%0A"), 404)  # a trailing newline
    assert_outcome(fhir("Location/\u0661"), 404)  # int("١") is 1
    # The first day there is: in Denver it would begin before the calendar does.
    assert_outcome(fhir(f"Slot/{scene['service'].pk}-{scene['membership'].pk}-00010101T000000Z"), 404)


def test_appointments_by_patient_date_status_and_last_update(fhir, scene):
    patient = scene["patient"]
    cancelled, later = _appointments(scene, 2, patient=patient)
    cancelled.status = AppointmentStatus.CANCELLED
    cancelled.save()

    def ids(**params):
        return {
            resource["id"] for resource in assert_valid_searchset(fhir("Appointment", **params).json(), "Appointment")
        }

    mine = {str(scene["appointment"].pk), str(cancelled.pk), str(later.pk)}
    assert ids(patient=f"Patient/{patient.pk}") == mine
    assert ids(patient=str(patient.pk), status="cancelled") == {str(cancelled.pk)}
    assert ids(status="booked,fulfilled") == {str(scene["appointment"].pk), str(later.pk)}
    assert ids(status="waitlist") == set()
    # 12 November is the clinic's (Denver) day; the 21st begins at 07:00 UTC there.
    assert ids(date="2026-11-12") == {str(scene["appointment"].pk)}
    assert ids(date=["ge2026-11-20", "lt2026-11-21"]) == {str(cancelled.pk)}
    assert ids(date="gt2026-11-20") == {str(later.pk)}
    assert ids(date="le2026-11-20T09:00:00-07:00") == {str(scene["appointment"].pk), str(cancelled.pk)}
    assert ids(date="lt2026-11-20T16:00:00Z") == {str(scene["appointment"].pk)}
    assert ids(_lastUpdated="ge2026-11-10") == mine
    assert ids(_lastUpdated="lt2026-11-10") == set()


def test_assessments_by_patient_code_and_date(fhir, scene):
    gad7 = make_assessment(scene["patient"], GAD7, total=5, taken_at=datetime(2026, 11, 5, 18, 0, tzinfo=UTC))

    def ids(resource_type, **params):
        return {
            resource["id"] for resource in assert_valid_searchset(fhir(resource_type, **params).json(), resource_type)
        }

    phq9 = str(scene["assessment"].pk)
    assert ids("Observation", code="44261-6") == {phq9}
    assert ids("Observation", code="http://loinc.org|70274-6") == {str(gad7.pk)}
    assert ids("Observation", code="http://snomed.info/sct|44261-6") == set()
    assert ids("Observation", code="69737-5,44249-1", patient=str(scene["patient"].pk)) == {phq9, str(gad7.pk)}
    assert ids("Observation", date="ge2026-11-02") == {str(gad7.pk)}
    assert ids("QuestionnaireResponse", questionnaire="http://loinc.org/q/44249-1") == {phq9}
    assert ids("QuestionnaireResponse", authored="lt2026-11-02") == {phq9}


def test_patients_by_name_and_birthdate(fhir, scene):
    profile = scene["patient"].patient_profile
    ClinicPatientFactory(clinic=scene["clinic"])
    found = fhir("Patient", name=profile.legal_name.split()[-1].lower(), birthdate=profile.date_of_birth.isoformat())
    assert [resource["id"] for resource in assert_valid_searchset(found.json(), "Patient")] == [
        str(scene["patient"].pk)
    ]


def test_pages_follow_next_and_previous_links_without_repeats_or_gaps(client, fhir, scene):
    made = _appointments(scene, 6)
    expected = [str(scene["appointment"].pk)] + [str(appointment.pk) for appointment in made]
    first = fhir("Appointment", _count="3").json()
    assert first["total"] == 7 and link(first, "previous") is None
    seen = [resource["id"] for resource in assert_valid_searchset(first, "Appointment")]
    # A row inserted before the cursor while the client pages neither repeats a row nor shifts one.
    _appointments(scene, 1, start=datetime(2026, 11, 11, 16, 0, tzinfo=UTC))
    page = first
    while link(page, "next"):
        page = _follow(client, link(page, "next"), scene["secret"]).json()
        seen += [resource["id"] for resource in assert_valid_searchset(page, "Appointment")]
    assert seen == expected
    back = _follow(client, link(page, "previous"), scene["secret"]).json()
    assert [entry["resource"]["id"] for entry in back["entry"]] == expected[3:6]
    assert link(back, "next") is not None


def test_count_is_capped_by_the_setting(fhir, scene, settings):
    settings.FHIR_MAX_COUNT = 2
    _appointments(scene, 3)
    body = fhir("Appointment", _count="50").json()
    assert len(body["entry"]) == 2 and body["total"] == 4


@pytest.mark.parametrize("resource_type", ["Patient", "Appointment", "Observation", "QuestionnaireResponse"])
def test_a_page_costs_the_same_queries_whatever_its_size(fhir, scene, resource_type, django_assert_num_queries):
    fhir(resource_type)  # the key's last use is written once; the rest of the minute reads only
    for day in range(5):
        patient = ClinicPatientFactory(clinic=scene["clinic"]).patient
        _appointments(scene, 1, patient=patient, start=datetime(2026, 11, 20 + day, 16, 0, tzinfo=UTC))
        make_assessment(patient)
    # The key (with its clinic), the total, the page, the audit insert.
    with django_assert_num_queries(4):
        small = fhir(resource_type, _count="1").json()
    with django_assert_num_queries(4):
        large = fhir(resource_type, _count="6").json()
    assert (len(small["entry"]), len(large["entry"])) == (1, 6)


def test_every_read_is_audited_in_the_keys_name_in_one_insert(fhir, scene, django_assert_num_queries):
    fhir("Location")
    _appointments(scene, 2)
    before = AuditEvent.objects.count()
    with django_assert_num_queries(4):  # the key, the total, the page, one audit insert
        fhir("Appointment")
    events = list(AuditEvent.objects.order_by("-pk")[:3])
    assert AuditEvent.objects.count() == before + 3
    assert {event.via for event in events} == {f"api_key:{scene['key'].prefix}"}
    assert {event.actor_id for event in events} == {None}
    assert {event.clinic_id for event in events} == {scene["clinic"].pk}
    assert {(event.object_type, event.action) for event in events} == {("booking.appointment", "read")}
    assert str(scene["patient"].pk) in {str(event.patient_id) for event in events}
    fhir(f"Observation/{scene['assessment'].pk}")
    observation = AuditEvent.objects.get(object_type="care.assessment")
    assert (observation.patient_id, observation.via) == (scene["patient"].pk, scene["key"].via)


NASTY_VALUES = [
    "",
    "\x00",
    "ge9999-12-31",
    "lt0001-01-01",
    "9" * 40,
    "-1",
    "Patient/" + "9" * 30,
    "ge2026-11-10T09:00:00+25:00",
    "a|b|c|d",
    ",",
    "%",
    "' OR 1=1 --",
    "💊",
]


@pytest.mark.parametrize("value", NASTY_VALUES)
@pytest.mark.parametrize(
    ("resource_type", "name"),
    [
        ("Patient", "name"),
        ("Patient", "birthdate"),
        ("Appointment", "date"),
        ("Appointment", "patient"),
        ("Appointment", "status"),
        ("Observation", "code"),
        ("Schedule", "actor"),
        ("Slot", "schedule"),
        ("Slot", "start"),
        ("Slot", "location"),
        ("Slot", "_count"),
        ("Slot", "_cursor"),
    ],
)
def test_no_value_of_any_parameter_answers_a_server_error(fhir, resource_type, name, value):
    params = {"service-type": "consultation"} if resource_type == "Slot" else {}
    response = fhir(resource_type, **params, **{name: value})
    assert response.status_code in (200, 400), response.content
    body = response.json()
    assert body["resourceType"] == ("Bundle" if response.status_code == 200 else "OperationOutcome")


@pytest.mark.parametrize("path", ["Location/" + "9" * 30, "Location/-1", "Slot/1-" + "9" * 30 + "-20261110T160000Z"])
def test_an_id_too_large_for_the_database_answers_404(fhir, path):
    assert_outcome(fhir(path), 404)


@pytest.mark.parametrize(
    "resource_type", ["Patient", "Practitioner", "HealthcareService", "Schedule", "Appointment", "Observation"]
)
def test_every_type_pages_one_by_one_to_the_same_answer(client, fhir, scene, resource_type):
    for day in range(2):
        patient = ClinicPatientFactory(clinic=scene["clinic"]).patient
        _appointments(scene, 1, patient=patient, start=datetime(2026, 11, 20 + day, 16, 0, tzinfo=UTC))
        make_assessment(patient)
        provider_at(scene["clinic"], name=f"Dr. Page {day}")
        ServiceTypeFactory(clinic=scene["clinic"])
    whole = [resource["id"] for resource in assert_valid_searchset(fhir(resource_type).json(), resource_type)]
    page = fhir(resource_type, _count="1").json()
    one_by_one = [entry["resource"]["id"] for entry in page["entry"]]
    while link(page, "next"):
        page = _follow(client, link(page, "next"), scene["secret"]).json()
        one_by_one += [entry["resource"]["id"] for entry in page["entry"]]
    assert len(whole) == 3 and one_by_one == whole
