from datetime import datetime

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderProfileFactory
from tests.support.pathway import booking_without_the_care_pathway
from tests.support.sign_in import sign_in

from .factories import ServiceTypeFactory, every_day_hours

# A Monday well before any daylight-saving change, used as "now" unless a test says otherwise.
NOW = datetime.fromisoformat("2026-02-02T09:00:00+00:00")


@pytest.fixture(autouse=True)
def booking_engine_alone():
    """These are tests of the booking engine, without the care pathway. A module that needs the whole
    portal overrides this fixture."""
    with booking_without_the_care_pathway():
        yield


@pytest.fixture
def clock(time_machine):
    """The portal's clock (apps.core.clock.now) frozen at NOW; ``clock.move_to(...)`` moves it."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def provider_at():
    """A provider who is a member of ``clinic`` and works 13:00-18:00 local there every day."""

    def make(clinic, **hours):
        provider = ProviderProfileFactory()
        MembershipFactory(clinic=clinic, user=provider.user, role="provider")
        every_day_hours(provider, clinic, **hours)
        return provider

    return make


@pytest.fixture
def denver(db):
    return ClinicFactory(slug="denver", name="Evergreen Denver", timezone="America/Denver", region="US-CO")


@pytest.fixture
def consultation(denver):
    return ServiceTypeFactory(clinic=denver, slug="consult", name="Initial consultation")


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        sign_in(client, user)
        client.user = user
        return client

    return make


@pytest.fixture
def denver_patient(db):
    return PatientFactory(profile__region="US-CO", profile__timezone="America/Denver")
