import pytest

from apps.audit.models import AuditEvent
from apps.care.models import Intake
from apps.care.selectors.intake import intake_is_submitted
from tests.accounts.factories import PatientFactory
from tests.care.factories import COMPLETE_ANSWERS, make_intake
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

pytestmark = pytest.mark.django_db

INTAKE = "/api/v1/intake"
SUBMISSION = "/api/v1/intake/submission"


def test_before_any_answer_the_intake_is_not_started(patient_client):
    response = patient_client.get(INTAKE)
    assert response.status_code == 404
    assert response.json()["code"] == "intake_not_started"


def test_a_draft_is_saved_in_parts_and_resumed(patient_client, patient):
    first = patient_client.patch(INTAKE, {"diagnosis": "major_depression", "antidepressant_trials": 2}, format="json")
    assert first.status_code == 200, first.json()
    second = patient_client.patch(INTAKE, {"pregnant_or_breastfeeding": False}, format="json")
    assert second.status_code == 200

    resumed = patient_client.get(INTAKE).json()
    assert resumed["status"] == "draft"
    assert resumed["diagnosis"] == "major_depression"
    assert resumed["antidepressant_trials"] == 2
    assert resumed["pregnant_or_breastfeeding"] is False
    assert resumed["psychosis_beliefs"] is None
    assert resumed["screening"] is None
    assert not intake_is_submitted(patient)
    actions = list(AuditEvent.objects.filter(patient=patient).order_by("at", "id").values_list("action", flat=True))
    assert actions == ["create", "update", "read"]


def test_a_complete_draft_is_submitted_once_with_its_screen(patient_client, patient):
    patient_client.patch(INTAKE, COMPLETE_ANSWERS, format="json")
    response = patient_client.post(SUBMISSION)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert body["submitted_at"]
    assert body["screening"]["outcome"] == "likely_candidate"
    assert body["screening"]["reasons"][0]["code"] == "no_concerns_found"
    assert "not a diagnosis" in body["screening"]["disclaimer"]
    assert intake_is_submitted(patient)

    again = patient_client.post(SUBMISSION)
    assert again.status_code == 409
    assert again.json()["code"] == "intake_already_submitted"


def test_a_submitted_intake_can_no_longer_be_changed(patient_client, patient):
    make_intake(patient=patient, submitted=True)
    response = patient_client.patch(INTAKE, {"substance_use": True}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "intake_already_submitted"
    assert Intake.objects.get(patient=patient).substance_use is False


def test_an_incomplete_draft_is_refused_with_the_questions_still_open(patient_client, patient):
    patient_client.patch(
        INTAKE, {**COMPLETE_ANSWERS, "diagnosis": "other", "pregnant_or_breastfeeding": None}, format="json"
    )
    response = patient_client.post(SUBMISSION)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "intake_incomplete"
    assert sorted(body["fields"]) == ["diagnosis_other", "pregnant_or_breastfeeding"]
    assert Intake.objects.get(patient=patient).status == "draft"


def test_submitting_without_a_draft_says_so(patient_client):
    response = patient_client.post(SUBMISSION)
    assert response.status_code == 404
    assert response.json()["code"] == "intake_not_started"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("diagnosis", "schizophrenia"),
        ("antidepressant_trials", -1),
        ("antidepressant_trials", 400),
        ("therapies_tried", "many"),
        ("pregnant_or_breastfeeding", "perhaps"),
        ("medications", "x" * 2001),
    ],
)
def test_bad_answers_are_refused_field_by_field_and_nothing_is_written(patient_client, patient, field, value):
    patient_client.patch(INTAKE, {"diagnosis": "major_depression"}, format="json")
    response = patient_client.patch(INTAKE, {field: value, "substance_use": True}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert Intake.objects.get(patient=patient).substance_use is None


def test_unknown_keys_are_ignored_and_the_status_cannot_be_set_by_the_patient(patient_client, patient):
    response = patient_client.patch(
        INTAKE, {"status": "submitted", "screening_outcome": "likely_candidate"}, format="json"
    )
    assert response.status_code == 200
    intake = Intake.objects.get(patient=patient)
    assert (intake.status, intake.screening_outcome) == ("draft", "")


def test_a_patient_only_ever_reaches_their_own_intake(patient_client, patient):
    make_intake(submitted=True, substance_use=True)  # another patient's
    assert patient_client.get(INTAKE).status_code == 404
    patient_client.patch(INTAKE, {"diagnosis": "other"}, format="json")
    assert Intake.objects.get(patient=patient).diagnosis == "other"
    assert Intake.objects.count() == 2


def test_staff_accounts_are_not_patients(clinic, staff_client_for):
    response = staff_client_for(clinic).get(INTAKE)
    assert response.status_code == 403
    assert response.json()["code"] == "patients_only"


# --- Staff ---------------------------------------------------------------------------------------


def staff_intake_url(clinic, patient):
    return f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/intake"


def test_staff_see_a_submitted_intake_with_its_screen_and_flags(clinic, staff_client_for):
    link = ClinicPatientFactory(clinic=clinic)
    make_intake(patient=link.patient, submitted=True, substance_use=True, diagnosis="bipolar_depression")
    client = staff_client_for(clinic, role="front_desk")
    response = client.get(staff_intake_url(clinic, link.patient))
    assert response.status_code == 200
    body = response.json()
    assert body["screening"]["outcome"] == "needs_review"
    assert [reason["code"] for reason in body["screening"]["reasons"]] == ["bipolar_diagnosis", "substance_use"]
    assert body["flags"] == ["substance_use"]
    assert body["medications"] == COMPLETE_ANSWERS["medications"]
    event = AuditEvent.objects.get(action="read")
    assert (event.actor, event.patient, event.clinic, event.object_type) == (
        client.user,
        link.patient,
        clinic,
        "care.intake",
    )


def test_staff_do_not_see_a_draft(clinic, staff_client_for):
    link = ClinicPatientFactory(clinic=clinic)
    make_intake(patient=link.patient)
    response = staff_client_for(clinic).get(staff_intake_url(clinic, link.patient))
    assert response.status_code == 404
    assert response.json()["code"] == "intake_not_submitted"


def test_staff_cannot_reach_another_clinics_patients_intake(clinic, staff_client_for):
    foreign = ClinicPatientFactory(clinic=ClinicFactory())
    make_intake(patient=foreign.patient, submitted=True)
    client = staff_client_for(clinic)
    assert client.get(staff_intake_url(clinic, foreign.patient)).json()["code"] == "not_found"
    assert client.get(staff_intake_url(foreign.clinic, foreign.patient)).status_code == 404
    unlinked = PatientFactory()
    make_intake(patient=unlinked, submitted=True)
    assert client.get(staff_intake_url(clinic, unlinked)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_patients_cannot_use_the_staff_intake_endpoint(patient_client, patient, clinic):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    make_intake(patient=patient, submitted=True)
    assert patient_client.get(staff_intake_url(clinic, patient)).status_code == 403
