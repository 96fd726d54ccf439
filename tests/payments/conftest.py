"""Payments tests run against localstripe (a fake Stripe API from PyPI, started once per session on a
free port of 127.0.0.1, empty) through the real ``stripe`` SDK. The browser's part (entering a card in
Stripe's Payment Element) is played through the SDK too."""

import json

import pytest
import stripe

from apps.booking.models import Appointment
from apps.payments.models import Payment
from apps.payments.policy import card_on_file_terms
from celery_app import app as celery_app
from tests.accounts.factories import PatientFactory
from tests.booking import conftest as booking_fixtures
from tests.support.localstripe import LocalStripe

from .factories import PaymentPolicyFactory

# The booking tests' scene: Denver (America/Denver), its consultation, providers' hours, a frozen clock,
# and booking without the care pathway's gates (tests of payments, not of eligibility).
booking_engine_alone = booking_fixtures.booking_engine_alone
clock = booking_fixtures.clock
denver = booking_fixtures.denver
consultation = booking_fixtures.consultation
provider_at = booking_fixtures.provider_at
client_for = booking_fixtures.client_for
denver_patient = booking_fixtures.denver_patient

SECRET_KEY = "sk_test_portal"
PUBLISHABLE_KEY = "pk_test_portal"
WEBHOOK_SECRET = "whsec_test_portal"
VISA = "4242424242424242"
DECLINED_WHEN_CHARGED = "4000000000000341"  # attaches, then every charge is declined
ONE_PM = "2026-02-03T20:00:00Z"  # Tuesday 13:00 in Denver, a day and 11 hours after NOW


@pytest.fixture(scope="session")
def localstripe():
    with LocalStripe() as server:
        yield server.url


@pytest.fixture
def stripe_on(settings, localstripe):
    """Stripe keys configured, pointing at localstripe."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    return settings


@pytest.fixture
def sdk(localstripe):
    """The real SDK against localstripe, for what the browser and Stripe's dashboard do, and to look."""
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": localstripe})


@pytest.fixture
def tasks_run(django_capture_on_commit_callbacks):
    """``with tasks_run(): ...`` runs the tasks enqueued on commit inside the block, in this process, as
    a worker would (failures propagate)."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def tasks_run_in_process():
    """Tasks enqueued on commit run at once, in the committing thread."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def policy(denver):
    return PaymentPolicyFactory(clinic=denver)


@pytest.fixture
def open_clinic(stripe_on, clock, denver, consultation, provider_at, policy):
    """Denver takes payment online; a provider works there 13:00-18:00 every day."""
    provider_at(denver)
    return denver


def book(client, start=ONE_PM, service="consult", **fields):
    return client.post(
        "/api/v1/appointments", {"clinic": "denver", "service": service, "start": start, **fields}, format="json"
    )


def payment_of(appointment_id) -> Payment:
    return Payment.objects.get(lines__appointment_id=appointment_id, kind__in=["booking", "series"])


def checkout(client, payment, **fields):
    return client.post(f"/api/v1/payments/{payment.pk}/checkout", fields, format="json")


def pay_in_browser(sdk, intent_id, card=VISA):
    """What Stripe's Payment Element does with the card the patient types in."""
    method = sdk.v1.payment_methods.create(
        params={"type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
    )
    sdk.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    try:
        return sdk.v1.payment_intents.confirm(intent_id)
    except stripe.CardError:
        return sdk.v1.payment_intents.retrieve(intent_id)


def confirm_payment(client, payment):
    return client.post(f"/api/v1/payments/{payment.pk}/confirmation", format="json")


def book_and_pay(client, sdk, start=ONE_PM, **checkout_fields):
    """A patient's booking, paid in the browser and confirmed: (appointment, payment)."""
    booked = book(client, start)
    assert booked.status_code == 201, booked.json()
    payment = payment_of(booked.json()["id"])
    started = checkout(client, payment, **checkout_fields)
    assert started.status_code == 200, started.json()
    pay_in_browser(sdk, Payment.objects.get(pk=payment.pk).stripe_payment_intent_id)
    assert confirm_payment(client, payment).json()["status"] == "succeeded"
    return Appointment.objects.get(pk=booked.json()["id"]), Payment.objects.get(pk=payment.pk)


@pytest.fixture
def paid_in_browser(open_clinic, client_for, sdk):
    """A booking paid in the browser; the patient closed the tab before the portal heard of it."""
    client = client_for(PatientFactory())
    appointment = Appointment.objects.get(pk=book(client).json()["id"])
    payment = payment_of(appointment.pk)
    checkout(client, payment)
    payment.refresh_from_db()
    pay_in_browser(sdk, payment.stripe_payment_intent_id)
    return appointment, payment


def signed_webhook(client, event: dict, *, secret=WEBHOOK_SECRET, timestamp=None, body: bytes | None = None):
    """Deliver ``event`` as Stripe does: the raw JSON body, signed with the endpoint's secret."""
    payload = body if body is not None else json.dumps(event).encode()
    header = stripe.WebhookSignature.generate_signature_header(payload.decode(), secret, timestamp=timestamp)
    return client.post(
        "/api/v1/payments/stripe/webhook", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def event(event_id, event_type, stripe_object: dict) -> dict:
    return {"id": event_id, "object": "event", "type": event_type, "data": {"object": stripe_object}}


# --- Fees -------------------------------------------------------------------------------------

AFTER_THE_START = "2026-02-03T20:10:00Z"


@pytest.fixture
def deposit_policy(policy):
    """A $20 deposit at booking; a missed appointment costs $75."""
    policy.consultation_at_booking, policy.consultation_deposit_cents = "deposit", 2000
    policy.save()
    return policy


def terms_version(policy):
    return card_on_file_terms(policy, policy.clinic.name).version


def mark_no_show(staff_client_for, clinic, appointment):
    desk = staff_client_for(clinic, role="front_desk")
    return desk.post(f"/api/v1/appointments/{appointment.pk}/transitions", {"status": "no_show"}, format="json")
