import pytest

from apps.audit.models import AuditEvent
from apps.care.models import ConsentSignature
from apps.care.selectors.consents import consents_missing
from tests.accounts.factories import PatientFactory
from tests.care.factories import publish_consents, sign_consents
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ALL_KINDS = ["treatment", "telehealth", "privacy", "financial"]


@pytest.fixture
def documents(clinic):
    return publish_consents(clinic.organization)


def sign(client, document, *, typed_name, sha256=None):
    return client.post(
        f"/api/v1/consents/{document.pk}/signatures",
        {"typed_name": typed_name, "sha256": sha256 or document.sha256},
        format="json",
    )


def test_the_patient_sees_the_current_documents_of_the_clinics_organization(patient_client, clinic, documents):
    publish_consents(OrganizationFactory(slug="elsewhere"))
    response = patient_client.get(f"/api/v1/consents?clinic={clinic.slug}")
    assert response.status_code == 200
    body = response.json()
    assert body["organization"] == clinic.organization.name
    assert [document["kind"] for document in body["documents"]] == ALL_KINDS
    treatment = body["documents"][0]
    assert treatment["id"] == documents["treatment"].pk
    assert treatment["version"] == 1
    assert treatment["sha256"] == documents["treatment"].sha256
    assert treatment["body"] == "The treatment terms, v1."
    assert (treatment["needs_signature"], treatment["signed_at"], treatment["earlier_version_signed"]) == (
        True,
        None,
        False,
    )


def test_signing_records_version_hash_typed_name_time_and_ip(patient_client, patient, clinic, documents):
    legal_name = patient.patient_profile.legal_name
    response = sign(patient_client, documents["treatment"], typed_name=f"  {legal_name.upper()} ")
    assert response.status_code == 201, response.json()
    signature = ConsentSignature.objects.get()
    assert signature.patient == patient
    assert (signature.document_version, signature.document_sha256) == (1, documents["treatment"].sha256)
    assert signature.typed_name == legal_name.upper()
    assert signature.signed_at is not None
    assert signature.ip_address == "127.0.0.1"
    assert AuditEvent.objects.filter(action="create", object_type="care.consentsignature", patient=patient).exists()

    listed = patient_client.get(f"/api/v1/consents?clinic={clinic.slug}").json()["documents"][0]
    assert listed["needs_signature"] is False
    assert listed["signed_at"] is not None
    assert AuditEvent.objects.filter(action="read", object_id=str(signature.pk)).count() == 1


def test_a_new_version_asks_the_patient_to_sign_again(patient_client, patient, clinic, documents):
    organization = clinic.organization
    sign_consents(patient, organization)
    assert consents_missing(patient, organization, ALL_KINDS) == []

    new_treatment = publish_consents(organization, ["treatment"], text="v2")["treatment"]
    assert new_treatment.version == 2
    assert consents_missing(patient, organization, ALL_KINDS) == ["treatment"]
    listed = patient_client.get(f"/api/v1/consents?clinic={clinic.slug}").json()["documents"][0]
    assert (listed["version"], listed["needs_signature"], listed["earlier_version_signed"]) == (2, True, True)

    outdated = sign(patient_client, documents["treatment"], typed_name=patient.patient_profile.legal_name)
    assert outdated.status_code == 409
    assert outdated.json()["code"] == "consent_version_outdated"
    assert outdated.json()["current_document_id"] == new_treatment.pk

    assert sign(patient_client, new_treatment, typed_name=patient.patient_profile.legal_name).status_code == 201
    assert consents_missing(patient, organization, ALL_KINDS) == []


def test_a_kind_the_organization_never_published_counts_as_missing(patient, clinic):
    publish_consents(clinic.organization, ["privacy"])
    sign_consents(patient, clinic.organization)
    assert consents_missing(patient, clinic.organization, ["treatment", "privacy"]) == ["treatment"]


def test_signatures_at_another_organization_do_not_count(patient, clinic, documents):
    other = OrganizationFactory(slug="elsewhere")
    publish_consents(other)
    sign_consents(patient, other)
    assert consents_missing(patient, clinic.organization, ["privacy"]) == ["privacy"]


def test_signing_the_same_version_twice_is_a_conflict(patient_client, patient, documents):
    name = patient.patient_profile.legal_name
    assert sign(patient_client, documents["privacy"], typed_name=name).status_code == 201
    again = sign(patient_client, documents["privacy"], typed_name=name)
    assert again.status_code == 409
    assert again.json()["code"] == "consent_already_signed"
    assert ConsentSignature.objects.count() == 1


def test_a_signature_of_a_text_the_patient_was_not_shown_is_refused(patient_client, patient, documents):
    response = sign(
        patient_client, documents["privacy"], typed_name=patient.patient_profile.legal_name, sha256="a" * 64
    )
    assert response.status_code == 409
    assert response.json()["code"] == "consent_text_mismatch"
    assert not ConsentSignature.objects.exists()


def test_a_typed_name_that_is_not_the_patients_is_refused(patient_client, documents):
    response = sign(patient_client, documents["privacy"], typed_name="Somebody Else")
    assert response.status_code == 400
    assert response.json()["code"] == "signature_name_mismatch"
    assert list(response.json()["fields"]) == ["typed_name"]
    assert not ConsentSignature.objects.exists()


def test_without_a_legal_name_on_the_profile_the_patient_is_asked_to_add_it(patient_client, patient, documents):
    patient.patient_profile.legal_name = ""
    patient.patient_profile.save()
    response = sign(patient_client, documents["privacy"], typed_name="Maya Thompson")
    assert response.status_code == 400
    assert response.json()["code"] == "legal_name_required"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"typed_name": "", "sha256": "a" * 64}, "typed_name"),
        ({"typed_name": "Maya", "sha256": "not-a-hash"}, "sha256"),
        ({"typed_name": "Maya"}, "sha256"),
        ({"typed_name": "x" * 201, "sha256": "a" * 64}, "typed_name"),
    ],
)
def test_malformed_signatures_are_400s(patient_client, documents, payload, field):
    response = patient_client.post(f"/api/v1/consents/{documents['privacy'].pk}/signatures", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_unknown_documents_and_clinics_are_404s(patient_client, patient, documents):
    assert patient_client.post("/api/v1/consents/999999/signatures", {}, format="json").status_code == 404
    assert patient_client.get("/api/v1/consents?clinic=no-such-clinic").status_code == 404
    inactive = ClinicFactory(is_active=False)
    assert patient_client.get(f"/api/v1/consents?clinic={inactive.slug}").status_code == 404
    response = patient_client.get("/api/v1/consents")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["clinic"]


def test_a_patient_sees_only_their_own_signatures(patient_client, clinic, documents):
    other = PatientFactory()
    sign_consents(other, clinic.organization)
    listed = patient_client.get(f"/api/v1/consents?clinic={clinic.slug}").json()["documents"]
    assert all(document["needs_signature"] for document in listed)
    assert not AuditEvent.objects.exists()


def test_staff_see_their_patients_consent_status(clinic, staff_client_for, documents):
    link = ClinicPatientFactory(clinic=clinic)
    sign_consents(link.patient, clinic.organization, ["privacy"])
    client = staff_client_for(clinic, role="front_desk")
    response = client.get(f"/api/v1/clinics/{clinic.slug}/patients/{link.patient_id}/consents")
    assert response.status_code == 200
    needs = {document["kind"]: document["needs_signature"] for document in response.json()["documents"]}
    assert needs == {"treatment": True, "telehealth": True, "privacy": False, "financial": True}
    event = AuditEvent.objects.get()
    assert (event.actor, event.patient, event.clinic, event.action) == (client.user, link.patient, clinic, "read")


def test_staff_cannot_reach_another_clinics_patients_consents(clinic, staff_client_for, documents):
    foreign = ClinicPatientFactory(clinic=ClinicFactory())
    client = staff_client_for(clinic)
    for slug in (clinic.slug, foreign.clinic.slug):
        assert client.get(f"/api/v1/clinics/{slug}/patients/{foreign.patient_id}/consents").status_code == 404


def test_staff_accounts_cannot_sign_consents(clinic, staff_client_for, documents):
    response = sign(staff_client_for(clinic), documents["privacy"], typed_name="Anyone")
    assert response.status_code == 403
    assert response.json()["code"] == "patients_only"
