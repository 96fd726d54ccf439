import pytest
from django.contrib.auth.models import Permission

from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_me_describes_a_patient(patient_client, patient):
    body = patient_client.get("/api/v1/me").json()
    assert body["email"] == patient.email
    assert body["is_staff_member"] is False
    assert body["memberships"] == []
    assert body["display_name"] == patient.patient_profile.preferred_name
    assert body["can_edit_library"] is False


def test_me_says_who_may_edit_the_library(staff_client_for, clinic):
    """Editors are admin users with the education permissions (the demo's "Library editors" group)."""
    client = staff_client_for(clinic)
    assert client.get("/api/v1/me").json()["can_edit_library"] is False
    client.user.is_staff = True
    client.user.save()
    assert client.get("/api/v1/me").json()["can_edit_library"] is False
    client.user.user_permissions.add(Permission.objects.get(codename="change_article"))
    assert client.get("/api/v1/me").json()["can_edit_library"] is True


def test_the_patient_reads_and_updates_their_profile(patient_client, patient):
    response = patient_client.patch(
        "/api/v1/me/profile",
        {"phone": "(303) 555-0188", "timezone": "Europe/London", "region": "US-CO"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "+13035550188"
    assert response.json()["timezone"] == "Europe/London"
    assert AuditEvent.objects.filter(patient=patient, action="update").count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "not a phone"),
        ("timezone", "Mars/Olympus"),
        ("region", "New York"),
        ("date_of_birth", "1990-02-30"),
        ("legal_name", "x" * 500),
    ],
)
def test_bad_profile_input_is_refused_field_by_field_and_nothing_is_written(patient_client, patient, field, value):
    before = patient_client.get("/api/v1/me/profile").json()
    response = patient_client.patch("/api/v1/me/profile", {field: value, "preferred_name": "Changed"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]
    assert patient_client.get("/api/v1/me/profile").json() == before


def test_malformed_json_is_a_400_in_the_error_shape(patient_client):
    response = patient_client.generic("PATCH", "/api/v1/me/profile", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_staff_account_without_a_patient_profile_gets_a_404(staff_client_for, clinic):
    response = staff_client_for(clinic).get("/api/v1/me/profile")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
