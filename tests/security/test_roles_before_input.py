"""Every write of the API, sent empty (no body, no headers) by each role at the clinic whose objects
it names. A role that may not make the write is told so (403) whatever it sent, before its input is
read: otherwise a 400 for one role and a 403 for another would let anyone map the roles by sending
nonsense. The table below is the whole role matrix of writes: a write refused to a role that is not
listed here, or listed but answered otherwise, fails."""

import re

import pytest
from rest_framework.test import APIClient

from apps.clinics.models import Clinic
from tests.accounts.factories import StaffUserFactory
from tests.clinics.factories import MembershipFactory, ProviderProfileFactory
from tests.security.schema import schema_operations
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

ROLES = ("front_desk", "provider", "clinic_admin")
EVERY_ROLE = set(ROLES)
NOT_ADMIN = {"front_desk", "provider"}
FRONT_DESK = {"front_desk"}

REFUSED = {
    # Patients' own records and actions: staff act on them only through the clinic's endpoints.
    ("PATCH", "/api/v1/intake"): EVERY_ROLE,
    ("POST", "/api/v1/intake/submission"): EVERY_ROLE,
    ("POST", "/api/v1/assessments"): EVERY_ROLE,
    ("POST", "/api/v1/consents/{document_id}/signatures"): EVERY_ROLE,
    ("PUT", "/api/v1/escort"): EVERY_ROLE,
    ("PUT", "/api/v1/appointments/{appointment_id}/ride-home"): EVERY_ROLE,
    ("PUT", "/api/v1/me/outside-care/provider"): EVERY_ROLE,
    ("POST", "/api/v1/me/outside-care/consent-wording"): EVERY_ROLE,
    ("POST", "/api/v1/me/outside-care/consents"): EVERY_ROLE,
    ("POST", "/api/v1/me/outside-care/consents/{sharing_consent_id}/revocation"): EVERY_ROLE,
    # A video visit: its patient and its provider only.
    ("POST", "/api/v1/appointments/{appointment_id}/join"): EVERY_ROLE,
    ("POST", "/api/v1/payments/{payment_id}/checkout"): EVERY_ROLE,
    # Webhooks: only requests signed by the SMS provider.
    ("POST", "/api/v1/notifications/sms/inbound"): EVERY_ROLE,
    ("POST", "/api/v1/notifications/sms/status"): EVERY_ROLE,
    # The clinic's settings: its admins.
    ("POST", "/api/v1/clinics/{clinic_slug}/closures"): NOT_ADMIN,
    ("PUT", "/api/v1/clinics/{clinic_slug}/closures/{closure_id}"): NOT_ADMIN,
    ("DELETE", "/api/v1/clinics/{clinic_slug}/closures/{closure_id}"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/chairs"): NOT_ADMIN,
    ("PATCH", "/api/v1/clinics/{clinic_slug}/chairs/{chair_id}"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/service-types"): NOT_ADMIN,
    ("PATCH", "/api/v1/clinics/{clinic_slug}/service-types/{service_id}"): NOT_ADMIN,
    ("PATCH", "/api/v1/clinics/{clinic_slug}/providers/{provider_id}"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/providers/{provider_id}/licences"): NOT_ADMIN,
    ("PATCH", "/api/v1/clinics/{clinic_slug}/licences/{licence_id}"): NOT_ADMIN,
    ("DELETE", "/api/v1/clinics/{clinic_slug}/licences/{licence_id}"): NOT_ADMIN,
    ("PUT", "/api/v1/clinics/{clinic_slug}/payment-policy"): NOT_ADMIN,
    # The clinic's outside systems: API keys and webhook endpoints, its admins.
    ("POST", "/api/v1/clinics/{clinic_slug}/api-keys"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/api-keys/{key_id}/revocation"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/webhook-endpoints"): NOT_ADMIN,
    ("PATCH", "/api/v1/clinics/{clinic_slug}/webhook-endpoints/{endpoint_id}"): NOT_ADMIN,
    ("DELETE", "/api/v1/clinics/{clinic_slug}/webhook-endpoints/{endpoint_id}"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/webhook-endpoints/{endpoint_id}/secret"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/webhook-endpoints/{endpoint_id}/test-events"): NOT_ADMIN,
    (
        "POST",
        "/api/v1/clinics/{clinic_slug}/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retries",
    ): NOT_ADMIN,
    # Hours and time off: a provider their own (the world's are another provider's), admins anyone's.
    ("POST", "/api/v1/clinics/{clinic_slug}/weekly-hours"): FRONT_DESK,
    ("PUT", "/api/v1/clinics/{clinic_slug}/weekly-hours/{hours_id}"): NOT_ADMIN,
    ("DELETE", "/api/v1/clinics/{clinic_slug}/weekly-hours/{hours_id}"): NOT_ADMIN,
    ("POST", "/api/v1/clinics/{clinic_slug}/overrides"): FRONT_DESK,
    ("PUT", "/api/v1/clinics/{clinic_slug}/overrides/{override_id}"): NOT_ADMIN,
    ("DELETE", "/api/v1/clinics/{clinic_slug}/overrides/{override_id}"): NOT_ADMIN,
    # Clinical records: providers and admins; the front desk books and checks in.
    ("POST", "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/consultation-outcomes"): FRONT_DESK,
    ("POST", "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/plan"): FRONT_DESK,
    ("PATCH", "/api/v1/clinics/{clinic_slug}/patients/{patient_id}/plan"): FRONT_DESK,
    ("PUT", "/api/v1/clinics/{clinic_slug}/appointments/{appointment_id}/session-record"): FRONT_DESK,
    ("POST", "/api/v1/clinics/{clinic_slug}/appointments/{appointment_id}/session-record/completion"): FRONT_DESK,
    ("POST", "/api/v1/clinics/{clinic_slug}/outside-care/patients/{patient_id}/summaries"): FRONT_DESK,
    # Money back: the people who take it (payments/access.py), not providers.
    ("POST", "/api/v1/payments/{payment_id}/refunds"): {"provider"},
}

WRITES = schema_operations(methods=("post", "put", "patch", "delete"))


@pytest.fixture
def members(world):
    """One member of each role at the victim clinic, each signed in with both factors."""
    clinic = Clinic.objects.get(slug=world[1]["clinic_slug"])
    clients = {}
    for role in ROLES:
        user = StaffUserFactory()
        if role == "provider":
            ProviderProfileFactory(user=user)
        MembershipFactory(clinic=clinic, user=user, role=role)
        clients[role] = sign_in(APIClient(), user)
    return clients


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_a_role_that_may_not_write_is_told_so_before_its_input_is_read(world, members, method, path):
    url = re.sub(r"{(\w+)}", lambda match: str(world[1][match.group(1)]), path)
    refused_roles = REFUSED.get((method, path), set())
    # The clinic admin goes last: a write it may make (a delete) must not take the object from the others.
    for role in ROLES:
        response = getattr(members[role], method.lower())(url, {}, format="json")
        if role in refused_roles:
            assert response.status_code == 403, (
                f"{role}: {method} {url} answered {response.status_code} {response.content}"
            )
        else:
            assert response.status_code != 403, f"{role} is refused {method} {path}: add it to REFUSED, or let it"


def test_every_refusal_in_the_table_is_an_endpoint_of_the_api():
    assert set(REFUSED) <= set(WRITES)
