"""Services are told who acts; where from is the request's, set by the audit middleware."""

import pytest

from apps.audit.models import AuditAction, AuditEvent
from apps.audit.services import audit_record
from tests.clinics.factories import ClinicPatientFactory

pytestmark = pytest.mark.django_db


def test_an_audited_read_through_the_api_records_the_clients_address(clinic, staff_client_for):
    link = ClinicPatientFactory(clinic=clinic)
    client = staff_client_for(clinic, role="provider")
    response = client.get(f"/api/v1/clinics/{clinic.slug}/patients/{link.patient_id}", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert AuditEvent.objects.get().ip_address == "203.0.113.7"


def test_an_action_outside_a_request_records_its_actor_and_no_address(clinic):
    link = ClinicPatientFactory(clinic=clinic)
    event = audit_record(actor=link.patient, action=AuditAction.READ, obj=link, patient=link.patient, clinic=clinic)
    assert (event.actor, event.ip_address) == (link.patient, None)
