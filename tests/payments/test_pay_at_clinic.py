"""With no Stripe keys (the embedded default) the portal says "pay at the clinic": bookings confirm
without payment, no money moves, nothing pretends a payment happened, and Stripe is never called."""

import pytest
from django.core import checks

from apps.booking.models import Appointment
from apps.payments.models import Payment, Refund
from apps.payments.selectors import cancellation_quote
from tests.accounts.factories import PatientFactory
from tests.booking.conftest import NOW
from tests.booking.factories import ChairFactory, ServiceTypeFactory

from .conftest import ONE_PM, book
from .factories import PaymentFactory, PaymentPolicyFactory

SERIES = {"clinic": "denver", "service": "iv", "will_not_drive": True}

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_stripe(settings):
    """Any call to Stripe would fail loudly: this port has no server."""
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    assert not settings.STRIPE_SECRET_KEY and not settings.STRIPE_PUBLISHABLE_KEY


def test_the_clinic_says_pay_at_the_clinic_and_shows_its_prices(unreachable_stripe, denver, consultation, api_client):
    PaymentPolicyFactory(clinic=denver)
    info = api_client.get("/api/v1/clinics/denver/payment-policy").json()
    assert (info["payment_mode"], info["publishable_key"], info["card_on_file_terms"]) == ("pay_at_clinic", None, None)
    assert info["payment_mode_label"].startswith("Pay at the clinic")
    assert [(s["price_cents"], s["due_at_booking_cents"]) for s in info["services"]] == [(25000, 0)]


def test_bookings_confirm_and_change_without_any_payment(
    unreachable_stripe, clock, denver, consultation, provider_at, client_for, staff_client_for
):
    PaymentPolicyFactory(clinic=denver)
    provider_at(denver)
    patient = PatientFactory()
    client = client_for(patient)
    booked = book(client)
    assert booked.status_code == 201 and booked.json()["status"] == "confirmed"
    held = book(client, "2026-02-04T20:00:00Z", hold=True).json()
    confirmed = client.post(f"/api/v1/appointments/{held['id']}/transitions", {"status": "confirmed"})
    assert confirmed.json()["status"] == "confirmed"
    assert client.get(f"/api/v1/appointments/{booked.json()['id']}/payments").json() == []

    appointment = Appointment.objects.get(pk=booked.json()["id"])
    quote = cancellation_quote(appointment, at=NOW, by_patient=True)
    assert (quote.payment_mode, quote.terms.paid_cents, quote.terms.refund_cents) == ("pay_at_clinic", 0, 0)
    client.post(f"/api/v1/appointments/{held['id']}/transitions", {"status": "cancelled"}, format="json")
    clock.move_to("2026-02-03T20:30:00Z", tick=False)
    desk = staff_client_for(denver, role="front_desk")
    desk.post(f"/api/v1/appointments/{appointment.pk}/transitions", {"status": "no_show"}, format="json")
    assert not Payment.objects.exists() and not Refund.objects.exists()
    assert client_for(patient).get("/api/v1/me/payments").json()["results"] == []


def test_nothing_can_be_paid_online(unreachable_stripe, denver, consultation, client_for):
    payment = PaymentFactory(appointment__service=consultation, appointment__starts_at=NOW)
    response = client_for(payment.patient).post(f"/api/v1/payments/{payment.pk}/checkout", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "pay_at_clinic"
    assert Payment.objects.get().stripe_payment_intent_id is None


def test_booking_a_series_needs_no_payment(unreachable_stripe, clock, denver, provider_at, client_for):
    PaymentPolicyFactory(clinic=denver, package=True)
    provider_at(denver)
    ServiceTypeFactory(clinic=denver, slug="iv", iv=True)
    ChairFactory(clinic=denver)
    client = client_for(PatientFactory(profile__region="US-CO"))
    sessions = [{"start": ONE_PM}]
    booked = client.post("/api/v1/series", SERIES | {"sessions": sessions})
    assert {a["status"] for a in booked.json()["appointments"]} == {"confirmed"}
    assert not Payment.objects.exists()


def test_half_configured_stripe_keys_are_reported_at_start_up(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    warnings = [message for message in checks.run_checks() if message.id == "payments.W001"]
    assert [w.msg for w in warnings] == [
        "Stripe is partly configured; not set: STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET."
    ]
