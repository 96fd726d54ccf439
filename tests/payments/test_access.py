"""Every payments endpoint answers 404 to another patient and to staff of another clinic (the
authorization matrix sweeps the same endpoints for anonymous callers and providers elsewhere)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.payments.models import CardOnFileConsent, Payment
from tests.accounts.factories import PatientFactory
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.clinics.factories import ClinicFactory

from .factories import CardOnFileConsentFactory, PaymentFactory, PaymentPolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def victims(clinic):
    PaymentPolicyFactory(clinic=clinic)
    appointment = AppointmentFactory(
        service=ServiceTypeFactory(clinic=clinic), starts_at=timezone.now() + timedelta(days=3)
    )
    payment = PaymentFactory(appointment=appointment, status="succeeded")
    consent = CardOnFileConsentFactory(patient=appointment.patient, clinic=clinic)
    return appointment, payment, consent


def endpoints(appointment, payment, consent):
    return [
        ("get", f"/api/v1/appointments/{appointment.pk}/payments"),
        ("get", f"/api/v1/appointments/{appointment.pk}/cancellation-quote"),
        ("get", f"/api/v1/payments/{payment.pk}"),
        ("post", f"/api/v1/payments/{payment.pk}/checkout"),
        ("post", f"/api/v1/payments/{payment.pk}/confirmation"),
        ("post", f"/api/v1/payments/{payment.pk}/refunds"),
        ("delete", f"/api/v1/me/card-consents/{consent.pk}"),
        ("get", f"/api/v1/clinics/{appointment.clinic.slug}/payments"),
        ("put", f"/api/v1/clinics/{appointment.clinic.slug}/payment-policy"),
    ]


@pytest.mark.parametrize("intruder", ["another patient", "clinic admin elsewhere", "front desk elsewhere"])
def test_another_patient_or_another_clinics_staff_get_404_everywhere(
    victims, clinic, client_for, staff_client_for, intruder
):
    elsewhere = ClinicFactory(organization=clinic.organization)
    client = {
        "another patient": lambda: client_for(PatientFactory()),
        "clinic admin elsewhere": lambda: staff_client_for(elsewhere, role="clinic_admin"),
        "front desk elsewhere": lambda: staff_client_for(elsewhere, role="front_desk"),
    }[intruder]()
    for method, url in endpoints(*victims):
        response = getattr(client, method)(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="k")
        # Staff-only endpoints tell a patient that they are for staff, before looking anything up.
        console_page = url.startswith("/api/v1/clinics/") or url.endswith("/refunds")
        expected = 403 if console_page and intruder == "another patient" else 404
        assert response.status_code == expected, (intruder, method, url, response.status_code)
    assert Payment.objects.get().refunds.count() == 0
    assert CardOnFileConsent.objects.get().revoked_at is None


def test_staff_of_the_clinic_see_a_payment_but_only_its_patient_pays_it(victims, clinic, staff_client_for):
    _, payment, _ = victims
    desk = staff_client_for(clinic, role="front_desk")
    assert desk.get(f"/api/v1/payments/{payment.pk}").status_code == 200
    refused = desk.post(f"/api/v1/payments/{payment.pk}/checkout", {}, format="json")
    assert refused.status_code == 403
