import pytest

from apps.clinics import demo as clinics_demo
from apps.fhir import demo
from tests.fhir.factories import bearer

pytestmark = pytest.mark.django_db


def test_the_demo_key_reads_brooklyns_fhir_api_and_seeding_twice_keeps_one(client):
    clinics_demo.seed()
    assert demo.seed() == demo.seed() == [("FHIR API key of Evergreen Brooklyn", demo.DEMO_KEY)]
    response = client.get("/fhir/R4/Location", **bearer(demo.DEMO_KEY))
    assert response.status_code == 200
    assert [entry["resource"]["name"] for entry in response.json()["entry"]] == ["Evergreen Brooklyn"]
