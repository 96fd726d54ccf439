import os

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.accounts.factories import PatientFactory, StaffUserFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory
from tests.support.sign_in import sign_in

IN_CI = os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """Service tests run where the service is configured. Under CI a missing service is an error,
    not a skip: the suite must have exercised the real engines."""
    available = {
        "postgres": settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
        "redis": bool(settings.REDIS_URL),
    }
    for item in items:
        for service, present in available.items():
            if present or not item.get_closest_marker(service):
                continue
            if IN_CI:
                raise pytest.UsageError(f"CI=true, but {item.nodeid} needs {service}: set DATABASE_URL / REDIS_URL.")
            item.add_marker(pytest.mark.skip(reason=f"needs {service} (DATABASE_URL / REDIS_URL not set)"))


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in the cache; every test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient(enforce_csrf_checks=False)


@pytest.fixture
def patient(db):
    return PatientFactory()


@pytest.fixture
def patient_client(patient):
    client = APIClient()
    sign_in(client, patient)
    return client


@pytest.fixture
def clinic(db):
    return ClinicFactory()


@pytest.fixture
def staff_client_for():
    """A client signed in as a staff member with MFA, with the given role at the given clinic."""

    def make(clinic, role="clinic_admin", *, mfa=True):
        user = StaffUserFactory(mfa=mfa)
        MembershipFactory(clinic=clinic, user=user, role=role)
        client = APIClient()
        sign_in(client, user)
        client.user = user
        return client

    return make
