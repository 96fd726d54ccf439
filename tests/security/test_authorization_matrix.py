"""Every object endpoint in the OpenAPI schema, asked for a victim's object by someone who must not
reach it: anonymous, another patient, a clinic admin of another location and a provider of another
location. Generated from the schema, so a new endpoint is covered the day it appears; a new path
parameter fails here until it is given a victim's value in ``victim_values``."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from apps.care.models import SafetyAlert
from apps.reminders.channels import unsubscribe_token
from tests.accounts.factories import PatientFactory, StaffUserFactory
from tests.booking.factories import (
    AppointmentFactory,
    ChairFactory,
    ClosureFactory,
    OverrideFactory,
    ServiceTypeFactory,
    WeeklyHoursFactory,
)
from tests.care.factories import make_assessment, publish_consents
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory, ProviderProfileFactory
from tests.education.factories import ArticleFactory
from tests.payments.factories import CardOnFileConsentFactory, PaymentFactory
from tests.reminders.factories import NotificationFactory

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


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        for method in methods:
            if "{" in path and method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path


OPERATIONS = sorted(_operations())


@pytest.fixture
def world():
    """A victim clinic with a patient and their records, and the intruders."""
    victim_clinic = ClinicFactory()
    victim = ClinicPatientFactory(clinic=victim_clinic).patient
    elsewhere = ClinicFactory(organization=victim_clinic.organization)
    provider = ProviderProfileFactory().user
    MembershipFactory(clinic=elsewhere, user=provider, role="provider")
    intruders = {
        "anonymous": None,
        "another patient": PatientFactory(),
        "clinic admin elsewhere": MembershipFactory(clinic=elsewhere, user=StaffUserFactory()).user,
        "provider elsewhere": provider,
    }
    # A dosing session: every appointment endpoint applies to it, the session record's too.
    appointment = AppointmentFactory(
        service=ServiceTypeFactory(clinic=victim_clinic, iv=True),
        patient=victim,
        starts_at=timezone.now() + timedelta(days=3),
    )
    victim_values = {
        "clinic_slug": victim_clinic.slug,
        "patient_id": victim.pk,
        "notification_id": NotificationFactory(recipient=victim, clinic=victim_clinic, channel="in_app").pk,
        "token": unsubscribe_token(user_id=victim.pk, kind="appointment_reminder"),
        # A page only the victim clinic's patients may read (e.g. parking at that location).
        "slug": ArticleFactory(organization=victim_clinic.organization, clinic=victim_clinic).slug,
        "alert_id": SafetyAlert.objects.create(
            clinic=victim_clinic,
            patient=victim,
            assessment=make_assessment(victim, total=14),
            reason=SafetyAlert.Reason.PHQ9_SELF_HARM,
            answer=1,
            raised_at=timezone.now(),
        ).pk,
        "document_id": publish_consents(victim_clinic.organization)["treatment"].pk,
        "appointment_id": appointment.pk,
        "payment_id": PaymentFactory(appointment=appointment, status="succeeded").pk,
        "consent_id": CardOnFileConsentFactory(patient=victim, clinic=victim_clinic).pk,
        "hours_id": WeeklyHoursFactory(provider=appointment.provider, clinic=victim_clinic).pk,
        "override_id": OverrideFactory(
            provider=appointment.provider, clinic=victim_clinic, date=timezone.localdate() + timedelta(days=30)
        ).pk,
        "closure_id": ClosureFactory(
            clinic=victim_clinic,
            starts_on=timezone.localdate() + timedelta(days=40),
            ends_on=timezone.localdate() + timedelta(days=41),
        ).pk,
        "chair_id": ChairFactory(clinic=victim_clinic).pk,
        "service_id": appointment.service_id,
    }
    return intruders, victim_values


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
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
