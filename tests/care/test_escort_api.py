import pytest

from apps.audit.models import AuditEvent
from apps.care.models import Escort
from tests.accounts.factories import PatientFactory
from tests.care.factories import name_escort
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

pytestmark = pytest.mark.django_db

ESCORT = "/api/v1/escort"


def test_the_patient_names_an_escort_and_acknowledges_not_driving(patient_client, patient):
    assert patient_client.get(ESCORT).json()["code"] == "no_escort"
    response = patient_client.put(
        ESCORT, {"name": "Chris Thompson", "phone": "(212) 555-0177", "will_not_drive": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "+12125550177"
    assert response.json()["no_driving_acknowledged_at"]
    escort = Escort.objects.get()
    assert (escort.patient, escort.name, str(escort.phone)) == (patient, "Chris Thompson", "+12125550177")
    assert patient_client.get(ESCORT).json()["name"] == "Chris Thompson"
    assert list(AuditEvent.objects.filter(patient=patient).order_by("id").values_list("action", flat=True)) == [
        "create",
        "read",
    ]


def test_naming_another_escort_replaces_the_first_and_renews_the_acknowledgement(patient_client, patient, time_machine):
    time_machine.move_to("2026-11-01T12:00:00Z", tick=False)
    name_escort(patient)
    time_machine.move_to("2026-11-20T12:00:00Z", tick=False)
    response = patient_client.put(
        ESCORT, {"name": "Sam Rivera", "phone": "+13035550123", "will_not_drive": True}, format="json"
    )
    assert response.json()["no_driving_acknowledged_at"] == "2026-11-20T12:00:00Z"
    assert Escort.objects.get().name == "Sam Rivera"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Chris", "phone": "+12125550177", "will_not_drive": False}, "will_not_drive"),
        ({"name": "Chris", "phone": "+12125550177"}, "will_not_drive"),
        ({"name": "Chris", "phone": "not a phone", "will_not_drive": True}, "phone"),
        ({"name": "", "phone": "+12125550177", "will_not_drive": True}, "name"),
        ({"name": "x" * 201, "phone": "+12125550177", "will_not_drive": True}, "name"),
    ],
)
def test_an_incomplete_escort_is_refused_and_nothing_is_written(patient_client, payload, field):
    response = patient_client.put(ESCORT, payload, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert not Escort.objects.exists()


def test_staff_see_their_patients_escort_for_discharge(clinic, staff_client_for):
    link = ClinicPatientFactory(clinic=clinic)
    name_escort(link.patient)
    client = staff_client_for(clinic, role="front_desk")
    response = client.get(f"/api/v1/clinics/{clinic.slug}/patients/{link.patient_id}/escort")
    assert response.status_code == 200
    assert response.json()["name"] == "Chris Thompson"
    event = AuditEvent.objects.get()
    assert (event.actor, event.patient, event.clinic) == (client.user, link.patient, clinic)


def test_staff_cannot_reach_another_clinics_patients_escort(clinic, staff_client_for):
    foreign = ClinicPatientFactory(clinic=ClinicFactory())
    name_escort(foreign.patient)
    unlinked = PatientFactory()
    name_escort(unlinked)
    client = staff_client_for(clinic)
    for slug, patient_id in (
        (clinic.slug, foreign.patient_id),
        (foreign.clinic.slug, foreign.patient_id),
        (clinic.slug, unlinked.pk),
    ):
        assert client.get(f"/api/v1/clinics/{slug}/patients/{patient_id}/escort").status_code == 404
    assert not AuditEvent.objects.exists()


def test_a_patient_only_reaches_their_own_escort(patient_client):
    name_escort(PatientFactory())
    assert patient_client.get(ESCORT).status_code == 404
