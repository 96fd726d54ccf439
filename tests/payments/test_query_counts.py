"""Payment lists take a fixed number of queries, however many payments, lines and refunds they show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.payments.models import Refund
from tests.accounts.factories import PatientFactory
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.clinics.factories import ClinicFactory

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
    # the user (the session is in the cache); the count, the page, its lines, its refunds; the audit
    # insert; the session's idle-timeout stamp (savepoint, update, release)
    with django_assert_num_queries(9):
        assert len(client.get("/api/v1/me/payments").json()["results"]) == count


@pytest.mark.parametrize("count", [1, 6])
def test_the_clinics_list(clinic, staff_client_for, django_assert_num_queries, count):
    payments_for(PatientFactory(), clinic, count)
    desk = staff_client_for(clinic, role="front_desk")
    # as for a patient, with the staff checks (membership, two factors) and the clinic's lookup
    with django_assert_num_queries(12):
        assert len(desk.get(f"/api/v1/clinics/{clinic.slug}/payments").json()["results"]) == count


@pytest.mark.parametrize("count", [1, 6])
def test_one_patients_payments_at_the_clinic(clinic, staff_client_for, django_assert_num_queries, count):
    patient = PatientFactory()
    payments_for(patient, clinic, count)
    payments_for(PatientFactory(), clinic, 2)
    desk = staff_client_for(clinic, role="front_desk")
    # as for the whole clinic's list: the filter is a condition, not a query
    with django_assert_num_queries(12):
        rows = desk.get(f"/api/v1/clinics/{clinic.slug}/payments?patient={patient.pk}").json()["results"]
    assert len(rows) == count
    assert {row["patient"]["id"] for row in rows} == {str(patient.pk)}


def test_another_clinics_payments_of_the_same_patient_stay_out_and_a_bad_id_is_a_400(clinic, staff_client_for):
    patient = PatientFactory()
    payments_for(patient, ClinicFactory(), 1)
    desk = staff_client_for(clinic, role="front_desk")
    assert desk.get(f"/api/v1/clinics/{clinic.slug}/payments?patient={patient.pk}").json()["count"] == 0
    response = desk.get(f"/api/v1/clinics/{clinic.slug}/payments?patient=someone")
    assert (response.status_code, list(response.json()["fields"])) == (400, ["patient"])
