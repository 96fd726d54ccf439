import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_documents_the_booking_api(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in [
        "/api/v1/clinics/{clinic_slug}/availability",
        "/api/v1/clinics/{clinic_slug}/schedule",
        "/api/v1/clinics/{clinic_slug}/series-proposal",
        "/api/v1/appointments",
        "/api/v1/appointments/{appointment_id}/transitions",
        "/api/v1/appointments/{appointment_id}/join",
        "/api/v1/series",
    ]:
        assert path in paths, path
    book = paths["/api/v1/appointments"]["post"]
    assert "Idempotency-Key" in [parameter["name"] for parameter in book["parameters"]]
    assert book["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "AppointmentCreateInputRequest"
    )
    availability = [
        parameter["name"] for parameter in paths["/api/v1/clinics/{clinic_slug}/availability"]["get"]["parameters"]
    ]
    assert {"service", "start", "end", "provider"} <= set(availability)
