import uuid

import pytest
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from tests.clinics.factories import (
    ClinicFactory,
    ClinicPatientFactory,
    MembershipFactory,
    OrganizationAdminFactory,
    OrganizationFactory,
)
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(clinic):
    """Staff reading a patient at ``clinic``, the patient reading their own profile, and a stranger
    organization's event."""
    patient = ClinicPatientFactory(clinic=clinic).patient
    provider = MembershipFactory(clinic=clinic, role="provider").user
    at_clinic = AuditEvent.objects.create(
        actor=provider,
        action="read",
        object_type="accounts.user",
        object_id=str(patient.pk),
        patient=patient,
        clinic=clinic,
    )
    own = AuditEvent.objects.create(
        actor=patient, action="read", object_type="accounts.patientprofile", object_id="1", patient=patient
    )
    stranger = ClinicPatientFactory(clinic=ClinicFactory(organization=OrganizationFactory(slug="other"))).patient
    AuditEvent.objects.create(
        actor=stranger, action="read", object_type="accounts.patientprofile", object_id="2", patient=stranger
    )
    return {"patient": patient, "provider": provider, "stranger": stranger, "events": [at_clinic, own]}


def _org_admin_client(clinic):
    client = APIClient()
    sign_in(client, OrganizationAdminFactory(organization=clinic.organization).user)
    return client


def test_an_organization_admin_searches_the_trail_of_their_organization_only(clinic, trail):
    client = _org_admin_client(clinic)
    rows = client.get("/api/v1/audit/events").json()["results"]
    assert {row["object_id"] for row in rows} == {event.object_id for event in trail["events"]}
    by_staff = client.get(f"/api/v1/audit/events?actor={trail['provider'].pk}").json()["results"]
    assert [row["actor"] for row in by_staff] == [trail["provider"].email]
    about = client.get(f"/api/v1/audit/events?patient={trail['patient'].pk}").json()["results"]
    assert len(about) == 2


def test_the_export_is_csv_and_is_itself_recorded(clinic, trail):
    client = _org_admin_client(clinic)
    response = client.get(f"/api/v1/audit/events.csv?patient={trail['patient'].pk}")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert lines[0] == "at,actor,action,object_type,object_id,patient,clinic,ip_address,via"
    assert len(lines) == 3
    assert AuditEvent.objects.filter(action="export", object_type="audit.export").count() == 1


@pytest.mark.parametrize("path", ["/api/v1/audit/events", "/api/v1/audit/events.csv"])
def test_a_patient_out_of_reach_answers_404_as_everywhere_and_nothing_is_exported(clinic, trail, path):
    """Another organization's patient and an id that names nobody look alike: both 404."""
    client = _org_admin_client(clinic)
    for patient_id in (trail["stranger"].pk, uuid.UUID(int=1)):
        response = client.get(f"{path}?patient={patient_id}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("role", ["clinic_admin", "provider"])
def test_clinic_staff_who_are_not_organization_admins_are_refused(clinic, staff_client_for, role):
    response = staff_client_for(clinic, role=role).get("/api/v1/audit/events")
    assert response.status_code == 403


def test_bad_filters_are_a_400(clinic):
    response = _org_admin_client(clinic).get("/api/v1/audit/events?patient=not-a-uuid&action=eat")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"patient", "action"}
