"""Payment lists take a fixed number of queries, however many payments, lines and refunds they show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.payments.models import Refund
from tests.accounts.factories import PatientFactory
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory

from .factories import PaymentFactory

pytestmark = pytest.mark.django_db


def payments_for(patient, clinic, count):
    service = ServiceTypeFactory(clinic=clinic)
    for day in range(count):
        appointment = AppointmentFactory(
            service=service, patient=patient, starts_at=timezone.now() + timedelta(days=day + 1)
        )
        payment = PaymentFactory(appointment=appointment, status="succeeded")
        Refund.objects.create(payment=payment, kind="staff", amount_cents=100, reason="Goodwill")


@pytest.mark.parametrize("count", [1, 6])
def test_the_patients_list(clinic, client_for, django_assert_num_queries, count):
    patient = PatientFactory()
    payments_for(patient, clinic, count)
    client = client_for(patient)
    # session and user; the count, the page, its lines, its refunds; the audit insert; the session's
    # idle-timeout stamp (savepoint, update, release)
    with django_assert_num_queries(10):
        assert len(client.get("/api/v1/me/payments").json()["results"]) == count


@pytest.mark.parametrize("count", [1, 6])
def test_the_clinics_list(clinic, staff_client_for, django_assert_num_queries, count):
    payments_for(PatientFactory(), clinic, count)
    desk = staff_client_for(clinic, role="front_desk")
    # as for a patient, with the staff checks (membership, two factors) and the clinic's lookup
    with django_assert_num_queries(13):
        assert len(desk.get(f"/api/v1/clinics/{clinic.slug}/payments").json()["results"]) == count
