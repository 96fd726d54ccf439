"""A patient's booking is held until it is paid: the payment at booking, Stripe's Payment Element,
the confirmation that re-reads the intent, the Stripe customer, and the hold's expiry."""

from datetime import timedelta

import pytest
from django.conf import settings

from apps.booking.models import Appointment, AppointmentEvent
from apps.booking.tasks import expire_stale_holds
from apps.payments.models import Payment, Refund, StripeCustomer
from tests.accounts.factories import PatientFactory
from tests.booking.conftest import NOW
from tests.booking.factories import ChairFactory, ServiceTypeFactory
from tests.clinics.factories import ClinicPatientFactory

from .conftest import (
    PUBLISHABLE_KEY,
    book,
    checkout,
    confirm_payment,
    pay_in_browser,
    payment_of,
)

SERIES = {"clinic": "denver", "service": "iv", "will_not_drive": True}

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]


def test_a_patients_booking_is_held_until_the_payment_succeeds_then_confirmed(open_clinic, client_for, sdk):
    patient = PatientFactory()
    client = client_for(patient)
    booked = book(client)
    assert booked.status_code == 201
    assert booked.json()["status"] == "held" and booked.json()["hold_expires_at"] == "2026-02-02T09:10:00Z"
    appointment_id = booked.json()["id"]

    listed = client.get(f"/api/v1/appointments/{appointment_id}/payments").json()
    assert [(p["kind"], p["status"], p["amount_cents"], p["currency"]) for p in listed] == [
        ("booking", "requires_payment", 25000, "USD")
    ]
    refused = client.post(f"/api/v1/appointments/{appointment_id}/transitions", {"status": "confirmed"})
    assert refused.status_code == 409 and refused.json()["code"] == "payment_required"
    assert refused.json()["payment"] == listed[0]["id"]

    payment = payment_of(appointment_id)
    started = checkout(client, payment).json()
    assert started["client_secret"].startswith(Payment.objects.get(pk=payment.pk).stripe_payment_intent_id)
    assert (started["publishable_key"], started["payment_mode"], started["saves_card"]) == (
        PUBLISHABLE_KEY,
        "stripe",
        False,
    )
    assert Appointment.objects.get(pk=appointment_id).status == "held"

    intent = pay_in_browser(sdk, Payment.objects.get(pk=payment.pk).stripe_payment_intent_id)
    assert intent.status == "succeeded"
    confirmed = confirm_payment(client, payment).json()
    assert confirmed["status"] == "succeeded" and confirmed["card"] == {"brand": "visa", "last4": "4242"}
    assert confirmed["receipt"]["amount_cents"] == 25000 and confirmed["receipt"]["net_cents"] == 25000
    assert Appointment.objects.get(pk=appointment_id).status == "confirmed"
    assert confirm_payment(client, payment).status_code == 200
    events = AppointmentEvent.objects.filter(appointment_id=appointment_id, to_status="confirmed")
    assert [(e.from_status, e.actor_id, e.reason) for e in events] == [("held", None, "Paid online.")]


def test_the_intent_is_made_once_however_often_checkout_is_asked_and_the_customer_once_per_patient(
    open_clinic, client_for, sdk
):
    patient = PatientFactory()
    client = client_for(patient)
    first = payment_of(book(client).json()["id"])
    secrets = {checkout(client, first).json()["client_secret"] for _ in range(3)}
    assert len(secrets) == 1
    intent_id = Payment.objects.get(pk=first.pk).stripe_payment_intent_id
    ours = [i for i in sdk.v1.payment_intents.list(params={"limit": 100}).auto_paging_iter() if i.metadata.to_dict()]
    assert [i.id for i in ours if i.metadata["portal_payment"] == str(first.pk)] == [intent_id]

    second = payment_of(book(client, "2026-02-04T20:00:00Z").json()["id"])
    checkout(client, second)
    customer = StripeCustomer.objects.get(patient=patient)
    assert sdk.v1.payment_intents.retrieve(intent_id).customer == customer.stripe_id
    second_intent = Payment.objects.get(pk=second.pk).stripe_payment_intent_id
    assert sdk.v1.payment_intents.retrieve(second_intent).customer == customer.stripe_id
    assert sdk.v1.customers.retrieve(customer.stripe_id).metadata.to_dict() == {"portal_customer": str(patient.pk)}


def test_staff_bookings_confirm_at_once_and_ask_nothing_online(open_clinic, staff_client_for, client_for):
    patient = PatientFactory()
    client_for(patient)
    desk = staff_client_for(open_clinic, role="front_desk")
    ClinicPatientFactory(clinic=open_clinic, patient=patient)
    booked = book(desk, patient=str(patient.pk))
    assert booked.status_code == 201 and booked.json()["status"] == "confirmed"
    assert not Payment.objects.exists()


def test_an_expired_hold_frees_the_slot_and_cancels_the_intent(open_clinic, client_for, sdk, clock, tasks_run):
    client = client_for(PatientFactory())
    appointment_id = book(client).json()["id"]
    payment = payment_of(appointment_id)
    checkout(client, payment)
    clock.move_to(NOW + timedelta(minutes=settings.BOOKING_HOLD_MINUTES), tick=False)
    with tasks_run():
        assert expire_stale_holds() == 1
    payment.refresh_from_db()
    assert payment.status == "canceled"
    assert sdk.v1.payment_intents.retrieve(payment.stripe_payment_intent_id).status == "canceled"
    assert Appointment.objects.get(pk=appointment_id).status == "cancelled"
    again = book(client_for(PatientFactory()))
    assert again.status_code == 201


def test_a_hold_that_expires_before_checkout_was_opened_is_cancelled_without_stripe(
    open_clinic, client_for, clock, tasks_run
):
    client = client_for(PatientFactory())
    payment = payment_of(book(client).json()["id"])
    clock.move_to(NOW + timedelta(minutes=11), tick=False)
    with tasks_run():
        expire_stale_holds()
    payment.refresh_from_db()
    assert (payment.status, payment.stripe_payment_intent_id) == ("canceled", None)
    late = checkout(client, payment)
    assert late.status_code == 409 and late.json()["code"] == "nothing_to_pay"


def test_checkout_after_the_hold_expired_is_refused(open_clinic, client_for, clock):
    client = client_for(PatientFactory())
    payment = payment_of(book(client).json()["id"])
    clock.move_to(NOW + timedelta(minutes=10), tick=False)
    refused = checkout(client, payment)
    assert refused.status_code == 409 and refused.json()["code"] == "hold_expired"
    assert Payment.objects.get(pk=payment.pk).stripe_payment_intent_id is None


def test_money_that_arrives_after_the_hold_expired_is_refunded_in_full(open_clinic, client_for, sdk, clock, tasks_run):
    client = client_for(PatientFactory())
    appointment_id = book(client).json()["id"]
    payment = payment_of(appointment_id)
    checkout(client, payment)
    intent_id = Payment.objects.get(pk=payment.pk).stripe_payment_intent_id
    pay_in_browser(sdk, intent_id)
    clock.move_to(NOW + timedelta(minutes=10, seconds=5), tick=False)
    with tasks_run():
        body = confirm_payment(client, payment).json()
    assert body["status"] == "succeeded"
    assert Appointment.objects.get(pk=appointment_id).status == "cancelled"
    refund = Refund.objects.get(payment=payment)
    assert (refund.kind, refund.amount_cents, refund.status) == ("released", 25000, "succeeded")
    stripe_refunds = sdk.v1.refunds.list(params={"payment_intent": intent_id}).data
    assert [(r.amount, r.id) for r in stripe_refunds] == [(25000, refund.stripe_refund_id)]
    with tasks_run():
        confirm_payment(client, payment)
        assert expire_stale_holds() == 0
    assert Refund.objects.filter(payment=payment).count() == 1


def test_a_series_is_held_and_paid_at_the_package_price_then_every_session_is_confirmed(
    open_clinic, client_for, sdk, policy
):
    policy.induction_package_price_cents = 240001
    policy.save()
    ServiceTypeFactory(clinic=open_clinic, slug="iv", iv=True)
    ChairFactory(clinic=open_clinic)
    client = client_for(PatientFactory(profile__region="US-CO"))
    sessions = [{"start": f"2026-02-{day:02d}T20:00:00Z"} for day in (4, 6, 9, 11, 13, 16)]
    booked = client.post("/api/v1/series", SERIES | {"sessions": sessions})
    assert booked.status_code == 201, booked.json()
    assert {a["status"] for a in booked.json()["appointments"]} == {"held"}
    payment = Payment.objects.get(series_id=booked.json()["id"])
    assert (payment.kind, payment.amount_cents) == ("series", 240001)
    assert list(payment.lines.values_list("amount_cents", flat=True)) == [40001, 40000, 40000, 40000, 40000, 40000]

    checkout(client, payment)
    pay_in_browser(sdk, Payment.objects.get(pk=payment.pk).stripe_payment_intent_id)
    confirm_payment(client, payment)
    statuses = Appointment.objects.filter(series_id=booked.json()["id"]).values_list("status", flat=True)
    assert set(statuses) == {"confirmed"}


def test_a_declined_card_leaves_the_booking_held_with_the_reason(open_clinic, client_for, sdk):
    client = client_for(PatientFactory())
    appointment_id = book(client).json()["id"]
    payment = payment_of(appointment_id)
    checkout(client, payment)
    pay_in_browser(sdk, Payment.objects.get(pk=payment.pk).stripe_payment_intent_id, card="4000000000000341")
    body = confirm_payment(client, payment).json()
    assert body["status"] == "requires_payment" and body["failure_message"] == "Your card was declined."
    assert Appointment.objects.get(pk=appointment_id).status == "held"
