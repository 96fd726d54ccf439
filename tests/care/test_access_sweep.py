"""Every care endpoint refuses whoever it is not for, before touching any record."""

import pytest

from apps.audit.models import AuditEvent
from tests.clinics.factories import ClinicPatientFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

PATIENT_ENDPOINTS = [
    ("get", "/api/v1/intake"),
    ("patch", "/api/v1/intake"),
    ("post", "/api/v1/intake/submission"),
    ("get", "/api/v1/consents?clinic={clinic}"),
    ("post", "/api/v1/consents/1/signatures"),
    ("get", "/api/v1/assessments"),
    ("post", "/api/v1/assessments"),
    ("get", "/api/v1/assessments/trend"),
    ("get", "/api/v1/plan"),
    ("get", "/api/v1/escort"),
    ("put", "/api/v1/escort"),
]
PATIENT_RECORD = "/api/v1/clinics/{clinic}/patients/{patient}"
STAFF_ENDPOINTS = [
    ("get", f"{PATIENT_RECORD}/intake"),
    ("get", f"{PATIENT_RECORD}/consents"),
    ("get", f"{PATIENT_RECORD}/assessments"),
    ("get", f"{PATIENT_RECORD}/assessments/trend"),
    ("get", f"{PATIENT_RECORD}/consultation-outcomes"),
    ("post", f"{PATIENT_RECORD}/consultation-outcomes"),
    ("get", f"{PATIENT_RECORD}/plan"),
    ("post", f"{PATIENT_RECORD}/plan"),
    ("patch", f"{PATIENT_RECORD}/plan"),
    ("get", f"{PATIENT_RECORD}/escort"),
    ("get", "/api/v1/clinics/{clinic}/alerts"),
    ("post", "/api/v1/clinics/{clinic}/alerts/1/acknowledge"),
]


@pytest.fixture
def link(clinic):
    return ClinicPatientFactory(clinic=clinic)


def call(client, method, path, link):
    url = path.format(clinic=link.clinic.slug, patient=link.patient_id)
    return getattr(client, method)(url, {}, format="json")


@pytest.mark.parametrize(("method", "path"), PATIENT_ENDPOINTS + STAFF_ENDPOINTS)
def test_anonymous_requests_are_refused(api_client, link, method, path):
    response = call(api_client, method, path, link)
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(("method", "path"), STAFF_ENDPOINTS)
def test_staff_without_two_factor_authentication_are_refused(staff_client_for, link, method, path):
    response = call(staff_client_for(link.clinic, mfa=False), method, path, link)
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


@pytest.mark.parametrize(("method", "path"), STAFF_ENDPOINTS)
def test_patients_are_refused_the_staff_endpoints_even_for_their_own_record(api_client, link, method, path):
    sign_in(api_client, link.patient)
    response = call(api_client, method, path, link)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not AuditEvent.objects.exists()
