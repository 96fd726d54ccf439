"""The API: the patient's own endpoints (``me/outside-care``) and the clinic's (providers and admins)."""

import pytest
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.clinics.models import Role
from apps.outside_care import services, tasks
from apps.outside_care.models import OutsideProvider, ProgressSummary, SharingConsent
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory
from tests.support.sign_in import sign_in

from .factories import clinic_with_patient, give_consent, with_history

pytestmark = pytest.mark.django_db

PROVIDER = {"name": "Dr. Jane Moss", "practice": "Riverside Psychiatry", "email": "jane.moss@riverside.example"}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(tasks.deliver_summary_email, "delay", lambda summary_id: None)


def _client(user):
    client = APIClient()
    sign_in(client, user)
    return client


@pytest.fixture
def scene():
    return with_history(clinic_with_patient())


def _staff(clinic, role=Role.PROVIDER):
    user = MembershipFactory(clinic=clinic, role=role).user
    return _client(user)


def _summaries_url(scene, patient=None):
    return f"/api/v1/clinics/{scene.clinic.slug}/outside-care/patients/{(patient or scene.patient).pk}/summaries"


# --- The patient -------------------------------------------------------------------------------------


def test_a_patient_names_the_provider_reads_the_wording_consents_and_sees_it(scene):
    client = _client(scene.patient)
    overview = client.get("/api/v1/me/outside-care").json()
    assert overview["provider"] is None and overview["consent"] is None and overview["summaries"] == []
    assert overview["latest_valid_until"] == "2028-03-09"

    assert (
        client.put(
            "/api/v1/me/outside-care/provider", {**PROVIDER, "fax": "+1 212 555 0100"}, format="json"
        ).status_code
        == 200
    )
    choice = {"sections": ["assessments", "attendance"], "valid_until": "2027-06-30"}
    wording = client.post("/api/v1/me/outside-care/consent-wording", choice, format="json").json()
    assert "Dr. Jane Moss" in wording["text"] and len(wording["sha256"]) == 64
    given = client.post(
        "/api/v1/me/outside-care/consents",
        {**choice, "typed_name": scene.patient.patient_profile.legal_name, "sha256": wording["sha256"]},
        format="json",
    )
    assert given.status_code == 201, given.json()
    consent = given.json()
    assert consent["version"] == 1 and consent["is_live"] and consent["sections"] == ["attendance", "assessments"]
    assert consent["wording"] == wording["text"] and consent["provider_fax"] == "+1 212 555 0100"

    overview = client.get("/api/v1/me/outside-care").json()
    assert overview["provider"]["name"] == "Dr. Jane Moss" and overview["consent"]["id"] == consent["id"]


def test_a_patient_sees_what_was_shared_and_when(scene):
    give_consent(scene.patient)
    sent = _staff(scene.clinic).post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="one")
    assert sent.status_code == 201, sent.json()
    [shared] = _client(scene.patient).get("/api/v1/me/outside-care").json()["summaries"]
    assert shared["shared_with"] == "Dr. Jane Moss" and shared["clinic_name"] == scene.clinic.name
    assert shared["sections"] == ["attendance", "assessments", "side_effects"]
    assert shared["link_state"] == "live" and shared["downloaded_at"] is None
    assert shared["link_expires_at"] == "2027-03-17T17:00:00Z" and shared["email_status"] == "pending"


def test_revoking_through_the_api_stops_sends_with_a_stable_code(scene):
    consent = give_consent(scene.patient)
    staff = _staff(scene.clinic)
    staff.post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="one")
    revoked = _client(scene.patient).post(f"/api/v1/me/outside-care/consents/{consent.pk}/revocation")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] and not revoked.json()["is_live"]
    refused = staff.post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="two")
    assert refused.status_code == 409 and refused.json()["code"] == "no_sharing_consent"
    [shared] = _client(scene.patient).get("/api/v1/me/outside-care").json()["summaries"]
    assert shared["link_state"] == "revoked"
    again = _client(scene.patient).post(f"/api/v1/me/outside-care/consents/{consent.pk}/revocation")
    assert again.status_code == 409 and again.json()["code"] == "sharing_consent_already_revoked"


def test_another_patients_consent_answers_404_and_stays_live(scene):
    consent = give_consent(scene.patient)
    other = PatientFactory()
    response = _client(other).post(f"/api/v1/me/outside-care/consents/{consent.pk}/revocation")
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_wrong_wording_and_bad_input_answer_clearly(scene):
    client = _client(scene.patient)
    client.put("/api/v1/me/outside-care/provider", PROVIDER, format="json")
    mismatch = client.post(
        "/api/v1/me/outside-care/consents",
        {"sections": ["attendance"], "valid_until": "2027-06-30", "typed_name": "x", "sha256": "0" * 64},
        format="json",
    )
    assert mismatch.status_code == 409 and mismatch.json()["code"] == "consent_wording_mismatch"
    bad = client.post(
        "/api/v1/me/outside-care/consent-wording", {"sections": ["diagnosis"], "valid_until": "soon"}, format="json"
    )
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"sections.0", "valid_until"}
    assert (
        client.put("/api/v1/me/outside-care/provider", {**PROVIDER, "email": "nope"}, format="json").status_code == 400
    )
    assert not SharingConsent.objects.exists()


def test_staff_are_not_patients_here(scene):
    response = _staff(scene.clinic).get("/api/v1/me/outside-care")
    assert response.status_code == 403 and response.json()["code"] == "patients_only"


# --- The clinic ------------------------------------------------------------------------------------


def test_the_console_lists_the_clinics_patients_with_a_live_consent_and_their_summaries(
    scene, django_assert_num_queries
):
    give_consent(scene.patient)
    staff = _staff(scene.clinic)
    staff.post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="one")
    without_consent = ClinicPatientFactory(clinic=scene.clinic).patient
    revoked = ClinicPatientFactory(clinic=scene.clinic).patient
    services.sharing_consent_revoke(actor=revoked, patient=revoked, consent=give_consent(revoked))
    # Another clinic's patient with a live consent is not listed either.
    give_consent(clinic_with_patient().patient)

    url = f"/api/v1/clinics/{scene.clinic.slug}/outside-care/patients"
    staff.get(url)  # warm the session
    second = with_history(clinic_with_patient(scene.clinic))
    give_consent(second.patient)
    staff.post(_summaries_url(second), HTTP_IDEMPOTENCY_KEY="two")
    # Session, user, clinic, roles, patients, consents, summaries, audit: whatever the number of rows.
    with django_assert_num_queries(9):
        response = staff.get(url)
    rows = response.json()
    assert {row["id"] for row in rows} == {str(scene.patient.pk), str(second.patient.pk)}
    assert str(without_consent.pk) not in {row["id"] for row in rows}
    row = next(row for row in rows if row["id"] == str(scene.patient.pk))
    assert row["consent"]["provider_name"] == "Dr. Jane Moss" and row["consent"]["is_live"]
    [summary] = row["summaries"]
    assert summary["link_state"] == "live" and summary["sent_by"]
    # Each listing audits the consents it shows: one at the warm-up, two in the measured request.
    assert AuditEvent.objects.filter(object_type="outside_care.sharingconsent", action="read").count() == 3


def test_a_preview_is_the_pdf_and_shares_nothing(scene):
    give_consent(scene.patient)
    response = _staff(scene.clinic).get(
        f"/api/v1/clinics/{scene.clinic.slug}/outside-care/patients/{scene.patient.pk}/summary-preview"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not ProgressSummary.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="outside_care.sharingconsent", action="read", clinic=scene.clinic
    ).exists()


def test_a_preview_without_consent_is_refused_with_a_stable_code(scene):
    response = _staff(scene.clinic).get(
        f"/api/v1/clinics/{scene.clinic.slug}/outside-care/patients/{scene.patient.pk}/summary-preview"
    )
    assert response.status_code == 409 and response.json()["code"] == "no_sharing_consent"


def test_a_send_needs_an_idempotency_key_and_a_double_submit_sends_once(scene):
    give_consent(scene.patient)
    staff = _staff(scene.clinic, Role.CLINIC_ADMIN)
    missing = staff.post(_summaries_url(scene))
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_required"
    first = staff.post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="same")
    again = staff.post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="same")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and ProgressSummary.objects.count() == 1
    other = with_history(clinic_with_patient(scene.clinic))
    give_consent(other.patient)
    reused = staff.post(_summaries_url(scene, other.patient), HTTP_IDEMPOTENCY_KEY="same")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"


def test_the_front_desk_is_refused(scene):
    give_consent(scene.patient)
    desk = _staff(scene.clinic, Role.FRONT_DESK)
    base = f"/api/v1/clinics/{scene.clinic.slug}/outside-care/patients"
    for response in (
        desk.get(base),
        desk.get(f"{base}/{scene.patient.pk}/summary-preview"),
        desk.post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="k"),
    ):
        assert response.status_code == 403 and response.json()["code"] == "clinical_role_required"
    assert not ProgressSummary.objects.exists()


def test_another_clinics_patient_or_clinic_answers_404(scene):
    give_consent(scene.patient)
    elsewhere = ClinicFactory()
    staff_elsewhere = _staff(elsewhere)
    assert staff_elsewhere.post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="k").status_code == 404
    assert staff_elsewhere.get(f"/api/v1/clinics/{scene.clinic.slug}/outside-care/patients").status_code == 404
    own_url = f"/api/v1/clinics/{elsewhere.slug}/outside-care/patients/{scene.patient.pk}"
    assert staff_elsewhere.get(f"{own_url}/summary-preview").status_code == 404
    assert staff_elsewhere.post(f"{own_url}/summaries", HTTP_IDEMPOTENCY_KEY="k").status_code == 404
    assert not ProgressSummary.objects.exists()


def test_staff_without_the_second_factor_are_refused(scene):
    give_consent(scene.patient)
    user = MembershipFactory(clinic=scene.clinic, role=Role.PROVIDER, user__mfa=False).user
    response = _client(user).post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"


def test_patients_cannot_reach_the_clinic_endpoints(scene):
    give_consent(scene.patient)
    response = _client(scene.patient).post(_summaries_url(scene), HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 403
    assert not OutsideProvider.objects.exclude(patient=scene.patient).exists()
