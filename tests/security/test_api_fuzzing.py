"""Schemathesis against /api/schema/: generated requests to every operation, as a signed-in patient,
with its checks (no 5xx, responses that match the schema, only documented status codes, ...).
A fixed seed and a bounded number of examples per operation keep the run repeatable and short.

One check is left out: "schema-valid request rejected". Some rules cannot be said in OpenAPI (a real
phone number, one answer per questionnaire item, a date of birth in the past century), so input the
schema allows may still be refused, as a documented 400 with field errors."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicPatientFactory, MembershipFactory
from tests.support.sign_in import sign_in

CSRF_SECRET = "fuzzing0csrf0secret0000000000000"
EXAMPLES_PER_OPERATION = 8

SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
OPERATIONS = {operation.label: operation for operation in (result.ok() for result in SCHEMA.get_all_operations())}


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """The WSGI handler closes the database connection after each request when it is not in
    autocommit, which the test's transaction never is; Django's own test client turns that off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["patient", "clinic admin"])
def cookies(request, db):
    """A signed-in session of a patient, or of a clinic admin (with MFA) of the patient's clinic."""
    link = ClinicPatientFactory(patient=PatientFactory())
    user = link.patient if request.param == "patient" else MembershipFactory(clinic=link.clinic).user
    client = APIClient()
    sign_in(client, user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_SECRET}


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_generated_request_is_answered_within_the_schema(label, cookies):
    @given(case=OPERATIONS[label].as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(
            cookies=cookies,
            headers={"X-CSRFToken": CSRF_SECRET},
            excluded_checks=[positive_data_acceptance],
        )

    check()
