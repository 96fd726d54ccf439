"""The demo: every demo clinic has a payment policy, and the embedded default stays in "pay at the
clinic" mode (no Stripe keys), so the demo bookings are confirmed with nothing paid online."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.booking.models import Appointment
from apps.payments.models import Payment, PaymentPolicy

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_policy_per_demo_clinic_and_stays_in_pay_at_clinic_mode(clock, api_client):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    policies = dict(PaymentPolicy.objects.values_list("clinic__slug", "late_cancellation"))
    assert policies == {"brooklyn": "partial_refund", "denver": "fee", "santa-monica": "partial_refund"}
    info = api_client.get("/api/v1/clinics/denver/payment-policy").json()
    assert info["payment_mode"] == "pay_at_clinic" and info["policy"]["consultation_deposit_cents"] == 5000
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert "confirmed" in statuses and "held" not in statuses  # nothing waits for an online payment
    assert not Payment.objects.exists()
