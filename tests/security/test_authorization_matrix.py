"""Every object endpoint in the OpenAPI schema, asked for a victim's object by someone who must not
reach it: anonymous, another patient, a clinic admin of another location and a provider of another
location. Generated from the schema, so a new endpoint is covered the day it appears; a new path
parameter fails here until it is given a victim's value in ``victim_values``."""

import re

import pytest
from rest_framework.test import APIClient

from tests.security.schema import schema_operations
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

# Reachable by anyone by design, with the reason. Everything else must refuse the intruders.
PUBLIC = {
    ("GET", "/api/v1/clinics/{clinic_slug}"): "the clinic directory is public information",
    ("GET", "/api/v1/notifications/unsubscribe/{token}"): "the signed token is the authority",
    ("POST", "/api/v1/notifications/unsubscribe/{token}"): "one-click unsubscribe from a mail client",
    ("POST", "/api/v1/consents/{document_id}/signatures"): "consent texts are public; a signature is the caller's own",
    ("GET", "/api/v1/clinics/{clinic_slug}/services"): "the clinic's catalogue is what patients book from",
    ("GET", "/api/v1/clinics/{clinic_slug}/availability"): "open times name no patient",
    ("GET", "/api/v1/clinics/{clinic_slug}/series-proposal"): "a proposed schedule from open times",
    ("GET", "/api/v1/clinics/{clinic_slug}/payment-policy"): "a clinic's prices and terms are what patients book under",
}
REFUSALS = {401, 403, 404}


OPERATIONS = [(method, path) for method, path in schema_operations() if "{" in path]


def _client(user):
    client = APIClient()
    if user is not None:
        sign_in(client, user)
    return client


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_intruders_cannot_reach_a_victims_object(world, method, path):
    if (method, path) in PUBLIC:
        pytest.skip(PUBLIC[(method, path)])
    intruders, victim_values = world
    missing = [name for name in re.findall(r"{(\w+)}", path) if name not in victim_values]
    assert not missing, f"give the world a victim's value for {missing}"
    url = re.sub(r"{(\w+)}", lambda match: str(victim_values[match.group(1)]), path)
    for who, user in intruders.items():
        response = getattr(_client(user), method.lower())(url, {}, format="json")
        assert response.status_code in REFUSALS, f"{who}: {method} {url} answered {response.status_code}"
        assert "code" in response.json(), f"{who}: {method} {url} answered outside the error shape"


def test_the_matrix_covers_the_object_endpoints():
    assert len(OPERATIONS) >= 5
