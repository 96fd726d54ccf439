"""The world the security sweeps attack: a victim clinic, its patient and their records."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.care.models import SafetyAlert
from apps.reminders.channels import unsubscribe_token
from apps.webhooks.models import WebhookDelivery
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
from tests.clinics.factories import (
    ClinicFactory,
    ClinicPatientFactory,
    MembershipFactory,
    ProviderLicenseFactory,
    ProviderProfileFactory,
)
from tests.education.factories import ArticleFactory
from tests.fhir.factories import make_api_key
from tests.outside_care.factories import give_consent
from tests.payments.factories import CardOnFileConsentFactory, PaymentFactory
from tests.reminders.factories import NotificationFactory
from tests.webhooks.factories import WebhookEndpointFactory


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
    victim_provider = ProviderProfileFactory()
    MembershipFactory(clinic=victim_clinic, user=victim_provider.user, role="provider")
    endpoint = WebhookEndpointFactory(clinic=victim_clinic)
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
        "provider_id": victim_provider.user_id,
        "licence_id": ProviderLicenseFactory(provider=victim_provider).pk,
        "key_id": make_api_key(victim_clinic)[0].pk,
        "sharing_consent_id": give_consent(victim).pk,
        "endpoint_id": endpoint.pk,
        "delivery_id": WebhookDelivery.objects.create(
            endpoint=endpoint, event_type="webhook.test", payload={}, due_at=timezone.now(), status="failed"
        ).pk,
    }
    return intruders, victim_values
