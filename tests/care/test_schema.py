import pytest

pytestmark = pytest.mark.django_db

CARE_PATHS = [
    "/api/v1/intake",
    "/api/v1/intake/submission",
    "/api/v1/consents",
    "/api/v1/consents/{document_id}/signatures",
    "/api/v1/assessments",
    "/api/v1/assessments/instruments",
    "/api/v1/assessments/trend",
    "/api/v1/plan",
    "/api/v1/escort",
    "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/intake",
    "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/consents",
    "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/assessments",
    "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/assessments/trend",
    "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/consultation-outcomes",
    "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/plan",
    "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/escort",
    "/api/v1/clinics/{clinic_slug}/alerts",
    "/api/v1/clinics/{clinic_slug}/alerts/{alert_id}/acknowledge",
]


def test_every_care_endpoint_is_documented_with_its_bodies(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert set(CARE_PATHS) <= set(schema["paths"])
    submit = schema["paths"]["/api/v1/assessments"]["post"]
    assert "AssessmentSubmissionOutput" in submit["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert "crisis" in schema["components"]["schemas"]["AssessmentSubmissionOutput"]["properties"]
    listed = schema["paths"]["/api/v1/clinics/{clinic_slug}/alerts"]["get"]["responses"]["200"]
    assert listed["content"]["application/json"]["schema"]["$ref"].endswith("PaginatedSafetyAlertOutputList")
