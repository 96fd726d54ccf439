"""Every resource type the API produces, read by id and searched, is valid R4 (fhir.resources' R4B
models), shows what the portal holds, and reaches only the key's clinic."""

from datetime import UTC, datetime

import pytest

from apps.care.instruments import GAD7
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import make_assessment
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory
from tests.fhir.conftest import provider_at
from tests.fhir.support import assert_outcome, assert_valid, assert_valid_searchset

pytestmark = pytest.mark.django_db

STORED_TYPES = (
    "Patient",
    "Practitioner",
    "Location",
    "HealthcareService",
    "Schedule",
    "Appointment",
    "QuestionnaireResponse",
    "Observation",
)


@pytest.fixture
def elsewhere(scene):
    """Another clinic of the same organization, with its own patient, provider, visit and PHQ-9."""
    clinic = ClinicFactory(organization=scene["clinic"].organization, timezone="America/New_York")
    membership = provider_at(clinic, name="Dr. Elsewhere")
    patient = ClinicPatientFactory(clinic=clinic).patient
    appointment = AppointmentFactory(
        service=ServiceTypeFactory(clinic=clinic),
        patient=patient,
        provider=membership.user.provider_profile,
        starts_at=datetime(2026, 11, 12, 16, 0, tzinfo=UTC),
    )
    return {
        "clinic": clinic,
        "membership": membership,
        "patient": patient,
        "appointment": appointment,
        "assessment": make_assessment(patient),
    }


def _ids(scene_part) -> dict[str, str]:
    return {
        "Patient": str(scene_part["patient"].pk),
        "Practitioner": str(scene_part["membership"].user_id),
        "Location": str(scene_part["clinic"].pk),
        "Schedule": str(scene_part["membership"].pk),
        "Appointment": str(scene_part["appointment"].pk),
        "QuestionnaireResponse": str(scene_part["assessment"].pk),
        "Observation": str(scene_part["assessment"].pk),
    }


@pytest.mark.parametrize("resource_type", STORED_TYPES)
def test_each_search_answers_a_valid_bundle_of_the_clinics_resources_only(fhir, scene, elsewhere, resource_type):
    response = fhir(resource_type)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    resources = assert_valid_searchset(response.json(), resource_type)
    assert response.json()["total"] == len(resources) == 1
    if resource_type in _ids(elsewhere):
        assert resources[0]["id"] == _ids(scene)[resource_type]


@pytest.mark.parametrize("resource_type", STORED_TYPES)
def test_each_read_by_id_is_valid_and_another_clinics_answers_404(fhir, scene, elsewhere, resource_type):
    if resource_type == "HealthcareService":
        own, theirs = str(scene["service"].pk), str(elsewhere["appointment"].service_id)
    else:
        own, theirs = _ids(scene)[resource_type], _ids(elsewhere)[resource_type]
    resource = assert_valid(fhir(f"{resource_type}/{own}").json())
    assert (resource["resourceType"], resource["id"]) == (resource_type, own)
    assert_outcome(fhir(f"{resource_type}/{theirs}"), 404)


def test_an_id_of_the_wrong_shape_or_an_unknown_type_answers_404(fhir):
    assert_outcome(fhir("Patient/not-a-uuid"), 404)
    assert_outcome(fhir("Location/" + "9" * 30), 404)
    assert_outcome(fhir("Patient/00000000-0000-0000-0000-000000000000"), 404)
    assert_outcome(fhir("Medication"), 404)
    assert_outcome(fhir("Medication/1"), 404)


def test_the_patient_carries_the_profile(fhir, scene):
    profile = scene["patient"].patient_profile
    patient = fhir(f"Patient/{scene['patient'].pk}").json()
    assert patient["name"][0] == {"use": "official", "text": profile.legal_name}
    assert patient["birthDate"] == profile.date_of_birth.isoformat()
    assert {"system": "email", "value": scene["patient"].email} in patient["telecom"]
    assert patient["address"] == [{"state": "NY", "country": "US"}]


def test_the_location_is_the_clinic_with_its_time_zone_extension(fhir, scene):
    location = fhir(f"Location/{scene['clinic'].pk}").json()
    assert location["extension"] == [
        {"url": "http://hl7.org/fhir/StructureDefinition/timezone", "valueCode": "America/Denver"}
    ]
    assert location["address"]["state"] == "CO"


def test_the_appointment_has_its_times_in_the_clinics_offset_and_its_participants(fhir, scene):
    appointment = fhir(f"Appointment/{scene['appointment'].pk}").json()
    assert (appointment["start"], appointment["end"]) == ("2026-11-12T09:00:00-07:00", "2026-11-12T10:00:00-07:00")
    assert appointment["status"] == "booked"
    actors = [participant["actor"]["reference"] for participant in appointment["participant"]]
    assert actors == [
        f"Patient/{scene['patient'].pk}",
        f"Practitioner/{scene['membership'].user_id}",
        f"Location/{scene['clinic'].pk}",
    ]


def test_a_phq9_is_a_loinc_coded_response_and_a_total_score(fhir, scene):
    assessment = scene["assessment"]
    response = fhir(f"QuestionnaireResponse/{assessment.pk}").json()
    assert response["questionnaire"] == "http://loinc.org/q/44249-1"
    assert response["item"][0]["linkId"] == "44250-9"
    assert len(response["item"]) == 10  # nine items and the total
    assert response["item"][-1] == {"linkId": "44261-6", "text": "Total score", "answer": [{"valueInteger": 14}]}
    observation = fhir(f"Observation/{assessment.pk}").json()
    assert observation["code"]["coding"][0]["code"] == "44261-6"
    assert observation["valueInteger"] == 14
    assert observation["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{assessment.pk}"}]


def test_a_gad7_uses_its_own_loinc_codes(fhir, scene):
    gad7 = make_assessment(scene["patient"], GAD7, total=9)
    response = assert_valid(fhir(f"QuestionnaireResponse/{gad7.pk}").json())
    assert response["questionnaire"] == "http://loinc.org/q/69737-5"
    assert response["item"][-1]["linkId"] == "70274-6"
    assert assert_valid(fhir(f"Observation/{gad7.pk}").json())["code"]["coding"][0]["code"] == "70274-6"


def test_the_capability_statement_needs_no_key_and_declares_every_type(client):
    response = client.get("/fhir/R4/metadata")
    assert response.status_code == 200
    statement = assert_valid(response.json())
    resources = {resource["type"]: resource for resource in statement["rest"][0]["resource"]}
    assert set(resources) == {*STORED_TYPES, "Slot"}
    assert {param["name"] for param in resources["Appointment"]["searchParam"]} == {
        "patient",
        "date",
        "status",
        "_lastUpdated",
        "_count",
    }
    assert "Bearer" in statement["rest"][0]["security"]["description"]


def test_writes_are_refused_as_operation_outcomes(client, scene):
    response = client.post("/fhir/R4/Patient", {}, HTTP_AUTHORIZATION=f"Bearer {scene['secret']}")
    assert_outcome(response, 405)
