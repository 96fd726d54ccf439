import pytest

from apps.audit.models import AuditEvent
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory, OrganizationAdminFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


def test_staff_without_mfa_is_refused_with_a_clear_code(clinic, staff_client_for):
    client = staff_client_for(clinic, mfa=False)
    response = client.get(f"/api/v1/clinics/{clinic.slug}/patients")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_staff_with_mfa_lists_their_clinics_patients(clinic, staff_client_for):
    link = ClinicPatientFactory(clinic=clinic)
    ClinicPatientFactory()  # another clinic's patient
    client = staff_client_for(clinic)
    response = client.get(f"/api/v1/clinics/{clinic.slug}/patients")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(link.patient_id)]


@pytest.mark.parametrize("path", ["staff", "patients"])
def test_a_clinic_admin_cannot_reach_another_clinics_lists(clinic, staff_client_for, path):
    other = ClinicFactory()
    client = staff_client_for(clinic)
    response = client.get(f"/api/v1/clinics/{other.slug}/{path}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No such clinic."}


def test_a_clinic_admin_cannot_open_another_clinics_patient_even_through_their_own_clinic(clinic, staff_client_for):
    foreign = ClinicPatientFactory()
    client = staff_client_for(clinic)
    for path in (
        f"/api/v1/clinics/{clinic.slug}/patients/{foreign.patient_id}",
        f"/api/v1/clinics/{foreign.clinic.slug}/patients/{foreign.patient_id}",
    ):
        assert client.get(path).status_code == 404


def test_opening_a_patient_is_audited(clinic, staff_client_for):
    link = ClinicPatientFactory(clinic=clinic)
    client = staff_client_for(clinic, role="provider")
    response = client.get(f"/api/v1/clinics/{clinic.slug}/patients/{link.patient_id}")
    assert response.status_code == 200
    assert response.json()["profile"]["legal_name"] == link.patient.patient_profile.legal_name
    event = AuditEvent.objects.get()
    assert (event.actor, event.patient, event.clinic, event.action) == (client.user, link.patient, clinic, "read")


def test_an_organization_admin_reaches_every_clinic_of_the_organization(clinic):
    from rest_framework.test import APIClient

    admin = OrganizationAdminFactory(organization=clinic.organization)
    client = APIClient()
    sign_in(client, admin.user)
    assert client.get(f"/api/v1/clinics/{clinic.slug}/staff").status_code == 200
    elsewhere = ClinicFactory(organization__slug="another-network")
    assert client.get(f"/api/v1/clinics/{elsewhere.slug}/staff").status_code == 404


def test_a_patient_is_refused_staff_endpoints(clinic, patient_client):
    response = patient_client.get(f"/api/v1/clinics/{clinic.slug}/patients")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_requests_get_401_in_the_error_shape(api_client, clinic):
    response = api_client.get(f"/api/v1/clinics/{clinic.slug}/patients")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_staff_list_shows_roles_of_the_clinic(clinic, staff_client_for):
    MembershipFactory(clinic=clinic, role="front_desk")
    client = staff_client_for(clinic)
    roles = sorted(row["role"] for row in client.get(f"/api/v1/clinics/{clinic.slug}/staff").json()["results"])
    assert roles == ["clinic_admin", "front_desk"]


def test_the_clinic_directory_lists_active_clinics_only(patient_client):
    active = ClinicFactory()
    ClinicFactory(is_active=False)
    response = patient_client.get("/api/v1/clinics")
    assert [row["slug"] for row in response.json()["results"]] == [active.slug]
    assert response.json()["results"][0]["timezone"] == "America/Denver"
