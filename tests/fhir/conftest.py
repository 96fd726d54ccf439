from datetime import UTC, datetime, time

import pytest
import time_machine

from apps.booking.models import AppointmentStatus
from apps.clinics.models import Role
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory, every_day_hours
from tests.care.factories import make_assessment
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory, ProviderProfileFactory
from tests.fhir.factories import bearer, make_api_key

# A Tuesday morning in Denver (UTC-7): every test's data is built relative to it.
NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def provider_at(clinic, name="Dr. Ana Rivera"):
    """A provider working 09:00-17:00 local time every day at ``clinic``; returns the membership."""
    membership = MembershipFactory(clinic=clinic, role=Role.PROVIDER)
    profile = ProviderProfileFactory(user=membership.user, display_name=name)
    every_day_hours(profile, clinic, start=time(9, 0), end=time(17, 0))
    return membership


@pytest.fixture
def scene(db, frozen):
    """A clinic with a provider, a service, a patient with an appointment and a PHQ-9, and a key."""
    clinic = ClinicFactory(timezone="America/Denver")
    membership = provider_at(clinic)
    service = ServiceTypeFactory(clinic=clinic, slug="consultation", name="Consultation", duration_minutes=60)
    patient = ClinicPatientFactory(clinic=clinic).patient
    appointment = AppointmentFactory(
        service=service,
        patient=patient,
        provider=membership.user.provider_profile,
        starts_at=datetime(2026, 11, 12, 16, 0, tzinfo=UTC),
        status=AppointmentStatus.CONFIRMED,
    )
    assessment = make_assessment(patient, total=14, taken_at=datetime(2026, 11, 1, 18, 0, tzinfo=UTC))
    key, secret = make_api_key(clinic)
    return {
        "clinic": clinic,
        "membership": membership,
        "service": service,
        "patient": patient,
        "appointment": appointment,
        "assessment": assessment,
        "key": key,
        "secret": secret,
    }


@pytest.fixture
def fhir(client, scene):
    """GET a FHIR path with the scene's key; returns the response."""

    def get(path, secret=None, **params):
        return client.get(f"/fhir/R4/{path}", params, **bearer(secret or scene["secret"]))

    return get
