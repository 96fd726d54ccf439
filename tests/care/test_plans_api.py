import pytest
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.care.models import ConsultationOutcome, TreatmentPlan
from tests.accounts.factories import PatientFactory
from tests.care.factories import clinic_provider, make_plan, record_outcome
from tests.clinics.factories import (
    ClinicFactory,
    ClinicPatientFactory,
    OrganizationAdminFactory,
    ProviderProfileFactory,
)
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient_link(clinic):
    return ClinicPatientFactory(clinic=clinic)


@pytest.fixture
def provider_client(clinic, staff_client_for):
    client = staff_client_for(clinic, role="provider")
    ProviderProfileFactory(user=client.user, display_name="Dr. Wei Chen", credentials="MD")
    return client


def patient_url(clinic, patient, suffix):
    return f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/{suffix}"


# --- Consultation outcomes -----------------------------------------------------------------------


def test_a_provider_records_the_consultation_outcome_under_their_own_name(clinic, patient_link, provider_client):
    url = patient_url(clinic, patient_link.patient, "consultation-outcomes")
    response = provider_client.post(
        url, {"decision": "needs_more_information", "notes": "Ask for cardiology letter"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["decision"], body["notes"]) == ("needs_more_information", "Ask for cardiology letter")
    assert body["provider"]["id"] == str(provider_client.user.pk)
    assert body["provider"]["display_name"] == "Dr. Wei Chen"
    assert body["recorded_by"] == provider_client.user.email

    provider_client.post(url, {"decision": "accepted"}, format="json")
    listed = provider_client.get(url).json()["results"]
    assert [row["decision"] for row in listed] == ["accepted", "needs_more_information"]
    assert AuditEvent.objects.filter(object_type="care.consultationoutcome", action="create").count() == 2
    assert AuditEvent.objects.filter(object_type="care.consultationoutcome", action="read").count() == 2


def test_a_clinic_admin_records_an_outcome_for_a_named_provider_of_the_clinic(clinic, patient_link, staff_client_for):
    provider = clinic_provider(clinic)
    admin = staff_client_for(clinic, role="clinic_admin")
    url = patient_url(clinic, patient_link.patient, "consultation-outcomes")

    missing = admin.post(url, {"decision": "accepted"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "provider_required"
    elsewhere = clinic_provider(ClinicFactory())
    wrong = admin.post(url, {"decision": "accepted", "provider": str(elsewhere.pk)}, format="json")
    assert wrong.status_code == 400
    assert list(wrong.json()["fields"]) == ["provider"]

    response = admin.post(url, {"decision": "accepted", "provider": str(provider.pk)}, format="json")
    assert response.status_code == 201
    outcome = ConsultationOutcome.objects.get()
    assert (outcome.provider, outcome.recorded_by) == (provider, admin.user)


def test_front_desk_cannot_record_outcomes_or_plans_but_can_read_them(clinic, patient_link, staff_client_for):
    make_plan(patient_link.patient, clinic)
    desk = staff_client_for(clinic, role="front_desk")
    for suffix, method, payload in (
        ("consultation-outcomes", "post", {"decision": "accepted"}),
        ("plan", "post", {"approved_routes": ["iv_infusion"]}),
        ("plan", "patch", {"status": "paused"}),
    ):
        response = getattr(desk, method)(patient_url(clinic, patient_link.patient, suffix), payload, format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "clinical_role_required"
    assert desk.get(patient_url(clinic, patient_link.patient, "plan")).status_code == 200
    assert desk.get(patient_url(clinic, patient_link.patient, "consultation-outcomes")).status_code == 200
    assert TreatmentPlan.objects.get().status == "active"


def test_a_bad_decision_is_a_400(clinic, patient_link, provider_client):
    response = provider_client.post(
        patient_url(clinic, patient_link.patient, "consultation-outcomes"), {"decision": "maybe"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["decision"]


# --- Plans ---------------------------------------------------------------------------------------


def test_a_provider_creates_a_plan_for_an_accepted_patient_with_the_defaults(clinic, patient_link, provider_client):
    patient = patient_link.patient
    record_outcome(patient, clinic, provider=provider_client.user)
    response = provider_client.post(
        patient_url(clinic, patient, "plan"), {"approved_routes": ["iv_infusion", "im_injection"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "active"
    assert body["approved_routes"] == ["iv_infusion", "im_injection"]
    assert (body["induction_sessions"], body["induction_window_days"]) == (6, 21)
    assert (body["integration_sessions"], body["booster_interval_days"]) == (0, None)
    assert body["clinic"] == {"slug": clinic.slug, "name": clinic.name}
    assert body["provider"]["display_name"] == "Dr. Wei Chen"
    assert AuditEvent.objects.filter(object_type="care.treatmentplan", action="create", clinic=clinic).exists()


def test_a_plan_needs_an_accepted_latest_outcome_at_this_clinic(clinic, patient_link, provider_client):
    patient = patient_link.patient
    url = patient_url(clinic, patient, "plan")
    payload = {"approved_routes": ["lozenge"]}
    assert provider_client.post(url, payload, format="json").json()["code"] == "consultation_not_accepted"
    record_outcome(patient, ClinicFactory())  # accepted elsewhere
    assert provider_client.post(url, payload, format="json").json()["code"] == "consultation_not_accepted"
    record_outcome(patient, clinic, decision="accepted")
    record_outcome(patient, clinic, decision="not_accepted")  # the latest word
    response = provider_client.post(url, payload, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "consultation_not_accepted"
    assert not TreatmentPlan.objects.exists()


def test_a_patient_has_one_current_plan(clinic, patient_link, provider_client):
    patient = patient_link.patient
    make_plan(patient, ClinicFactory(), status="paused")
    record_outcome(patient, clinic)
    response = provider_client.post(
        patient_url(clinic, patient, "plan"), {"approved_routes": ["lozenge"]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "plan_exists"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"approved_routes": []}, "approved_routes"),
        ({"approved_routes": ["nasal_spray"]}, "approved_routes"),
        ({"approved_routes": ["lozenge", "lozenge"]}, "approved_routes"),
        ({"approved_routes": ["lozenge"], "induction_sessions": 0}, "induction_sessions"),
        ({"approved_routes": ["lozenge"], "induction_sessions": 40}, "induction_sessions"),
        ({"approved_routes": ["lozenge"], "induction_window_days": 0}, "induction_window_days"),
        ({"approved_routes": ["lozenge"], "booster_interval_days": 2}, "booster_interval_days"),
        ({"approved_routes": ["lozenge"], "integration_sessions": -1}, "integration_sessions"),
        ({"approved_routes": "lozenge"}, "approved_routes"),
    ],
)
def test_bad_plans_are_400s_and_nothing_is_written(clinic, patient_link, provider_client, payload, field):
    record_outcome(patient_link.patient, clinic)
    response = provider_client.post(patient_url(clinic, patient_link.patient, "plan"), payload, format="json")
    assert response.status_code == 400
    assert {name.split(".")[0] for name in response.json()["fields"]} == {field}
    assert not TreatmentPlan.objects.exists()


def test_providers_adjust_pause_resume_and_complete_a_plan(clinic, patient_link, provider_client):
    patient = patient_link.patient
    make_plan(patient, clinic)
    url = patient_url(clinic, patient, "plan")
    changes = {"approved_routes": ["im_injection"], "integration_sessions": 3, "booster_interval_days": 28}
    unexplained = provider_client.patch(url, changes, format="json")
    assert unexplained.status_code == 400
    assert (unexplained.json()["code"], list(unexplained.json()["fields"])) == ("reason_required", ["reason"])
    assert TreatmentPlan.objects.get().booster_interval_days is None

    adjusted = provider_client.patch(
        url, {**changes, "reason": "Tolerates IM better; boosters monthly."}, format="json"
    )
    assert adjusted.status_code == 200, adjusted.json()
    assert (adjusted.json()["approved_routes"], adjusted.json()["booster_interval_days"]) == (["im_injection"], 28)
    [adjustment] = adjusted.json()["adjustments"]
    assert adjustment["changes"] == {
        "approved_routes": [["iv_infusion"], ["im_injection"]],
        "booster_interval_days": [None, 28],
    }
    assert adjustment["reason"] == "Tolerates IM better; boosters monthly."
    assert adjustment["adjusted_by"]["id"] == str(provider_client.user.pk)
    assert provider_client.patch(url, {"status": "paused"}, format="json").json()["status"] == "paused"
    assert provider_client.patch(url, {"status": "active"}, format="json").json()["status"] == "active"
    assert provider_client.patch(url, {"status": "completed"}, format="json").json()["status"] == "completed"

    frozen = provider_client.patch(url, {"status": "active"}, format="json")
    assert frozen.status_code == 409
    assert frozen.json()["code"] == "plan_completed"
    assert TreatmentPlan.objects.get().status == "completed"
    assert AuditEvent.objects.filter(object_type="care.treatmentplan", action="update").count() == 4


def test_narrowing_a_plan_needs_no_reason_and_is_still_documented(clinic, patient_link, provider_client):
    make_plan(patient_link.patient, clinic)
    url = patient_url(clinic, patient_link.patient, "plan")
    response = provider_client.patch(url, {"induction_sessions": 4, "induction_window_days": 14}, format="json")
    assert response.status_code == 200, response.json()
    [adjustment] = response.json()["adjustments"]
    assert adjustment["changes"] == {"induction_sessions": [6, 4], "induction_window_days": [21, 14]}
    assert adjustment["reason"] == ""
    assert provider_client.patch(url, {"integration_sessions": 2}, format="json").json()["adjustments"] == [adjustment]


@pytest.mark.parametrize(
    "widening",
    [{"induction_sessions": 8}, {"induction_window_days": 28}, {"booster_interval_days": 14}],
    ids=["more sessions", "a longer window", "boosters where there were none"],
)
def test_allowing_more_doses_needs_a_reason(clinic, patient_link, provider_client, widening):
    make_plan(patient_link.patient, clinic)
    url = patient_url(clinic, patient_link.patient, "plan")
    assert provider_client.patch(url, widening, format="json").json()["code"] == "reason_required"
    explained = provider_client.patch(url, {**widening, "reason": "Partial response at week 3."}, format="json")
    assert explained.status_code == 200


def test_a_plan_can_move_to_another_provider_of_the_clinic_only(clinic, patient_link, provider_client):
    make_plan(patient_link.patient, clinic)
    colleague = clinic_provider(clinic)
    url = patient_url(clinic, patient_link.patient, "plan")
    stranger = clinic_provider(ClinicFactory())
    assert provider_client.patch(url, {"provider": str(stranger.pk)}, format="json").status_code == 400
    response = provider_client.patch(url, {"provider": str(colleague.pk)}, format="json")
    assert response.json()["provider"]["id"] == str(colleague.pk)


def test_an_organization_admin_may_create_plans_at_any_clinic_of_the_organization(clinic, patient_link):
    provider = clinic_provider(clinic)
    record_outcome(patient_link.patient, clinic, provider=provider)
    admin = OrganizationAdminFactory(organization=clinic.organization).user
    client = APIClient()
    sign_in(client, admin)
    response = client.post(
        patient_url(clinic, patient_link.patient, "plan"),
        {"approved_routes": ["iv_infusion"], "provider": str(provider.pk)},
        format="json",
    )
    assert response.status_code == 201


def test_staff_only_see_plans_made_at_their_clinic(clinic, patient_link, staff_client_for):
    other_clinic = ClinicFactory()
    ClinicPatientFactory(clinic=other_clinic, patient=patient_link.patient)
    make_plan(patient_link.patient, other_clinic)
    response = staff_client_for(clinic).get(patient_url(clinic, patient_link.patient, "plan"))
    assert response.status_code == 404
    assert response.json()["code"] == "no_plan"


@pytest.mark.parametrize("suffix", ["plan", "consultation-outcomes"])
def test_staff_cannot_reach_another_clinics_patients_plans(clinic, staff_client_for, suffix):
    foreign = ClinicPatientFactory(clinic=ClinicFactory())
    make_plan(foreign.patient, foreign.clinic)
    client = staff_client_for(clinic, role="provider")
    for slug in (clinic.slug, foreign.clinic.slug):
        url = f"/api/v1/clinics/{slug}/patients/{foreign.patient_id}/{suffix}"
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"decision": "accepted", "approved_routes": ["lozenge"]}, format="json").status_code == 404
        )
    assert client.patch(f"/api/v1/clinics/{clinic.slug}/patients/{foreign.patient_id}/plan", {}).status_code == 404
    unlinked = PatientFactory()
    assert client.get(patient_url(clinic, unlinked, suffix)).status_code == 404
    assert not AuditEvent.objects.exists()


# --- The patient's view --------------------------------------------------------------------------


def test_the_patient_sees_their_plan(patient_client, patient, clinic):
    assert patient_client.get("/api/v1/plan").json()["code"] == "no_plan"
    make_plan(patient, clinic, status="completed")
    current = make_plan(patient, clinic, routes=["lozenge"])
    make_plan(PatientFactory(), clinic, routes=["im_injection"])
    response = patient_client.get("/api/v1/plan")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["approved_routes"]) == (current.pk, ["lozenge"])
    assert AuditEvent.objects.filter(action="read", patient=patient, object_id=str(current.pk)).exists()


def test_after_completion_the_patient_still_sees_their_last_plan(patient_client, patient, clinic):
    completed = make_plan(patient, clinic, status="completed")
    assert patient_client.get("/api/v1/plan").json()["id"] == completed.pk
