import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404(patient_client):
    response = patient_client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found."}


def test_a_wrong_method_is_a_405_in_the_error_shape(patient_client):
    response = patient_client.delete("/api/v1/me")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_the_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/profile" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_spa_routes_answer_with_the_app_or_a_build_hint(client):
    response = client.get("/account/verify-email/abc")
    assert response.status_code in (200, 503)
    assert "csrftoken" in response.cookies


def test_a_database_outage_is_a_clear_retryable_503(patient_client, monkeypatch):
    from django.db import OperationalError

    def database_down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("apps.clinics.api.views.account_summary", database_down)
    response = patient_client.get("/api/v1/me")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "temporarily_unavailable"
