"""A no-show costs the policy's fee (what was paid for the appointment counts toward it): charged to
the card the patient agreed to keep on file, off-session, once; otherwise, or if the card is declined,
a payment request the patient pays in the portal. The consent is recorded with its exact words."""

import pytest

from apps.payments.models import CardOnFileConsent, Payment
from apps.payments.services.fees import fee_collect
from tests.accounts.factories import PatientFactory

from .conftest import (
    AFTER_THE_START,
    DECLINED_WHEN_CHARGED,
    book_and_pay,
    checkout,
    confirm_payment,
    mark_no_show,
    pay_in_browser,
    terms_version,
)

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]


def test_keeping_a_card_needs_the_current_terms_and_records_who_when_and_what(
    open_clinic, deposit_policy, client_for, sdk
):
    patient = PatientFactory()
    client = client_for(patient)
    booked = client.post(
        "/api/v1/appointments", {"clinic": "denver", "service": "consult", "start": "2026-02-03T20:00:00Z"}
    )
    payment = Payment.objects.get(appointment_id=booked.json()["id"])
    info = client.get("/api/v1/clinics/denver/payment-policy").json()["card_on_file_terms"]
    assert "a missed-appointment fee of $75.00" in info["text"]

    stale = checkout(client, payment, save_card=True, consent_text_version="2026-11.000000000000")
    assert stale.status_code == 409 and stale.json()["code"] == "consent_text_changed"
    assert (stale.json()["text_version"], stale.json()["text"]) == (info["text_version"], info["text"])
    assert not CardOnFileConsent.objects.exists()

    started = checkout(client, payment, save_card=True, consent_text_version=info["text_version"])
    assert started.json()["saves_card"] is True
    consent = CardOnFileConsent.objects.get()
    assert (consent.patient, consent.given_by, consent.clinic) == (patient, patient, open_clinic)
    assert (consent.text_version, consent.text, consent.ip_address) == (info["text_version"], info["text"], "127.0.0.1")
    assert consent.given_at.isoformat() == "2026-02-02T09:00:00+00:00"

    intent = pay_in_browser(sdk, Payment.objects.get(pk=payment.pk).stripe_payment_intent_id)
    confirm_payment(client, payment)
    consent.refresh_from_db()
    assert (consent.payment_method_id, consent.card_last4) == (intent.payment_method, "4242")
    listed = client.get("/api/v1/me/card-consents").json()
    assert [(c["id"], c["active"], c["card"]) for c in listed] == [
        (str(consent.pk), True, {"brand": "visa", "last4": "4242"})
    ]


def test_a_no_show_is_charged_once_to_the_card_kept_on_file(
    open_clinic, deposit_policy, client_for, staff_client_for, sdk, clock, tasks_run
):
    client = client_for(PatientFactory())
    appointment, _ = book_and_pay(client, sdk, save_card=True, consent_text_version=terms_version(deposit_policy))
    clock.move_to(AFTER_THE_START, tick=False)
    with tasks_run():
        assert mark_no_show(staff_client_for, open_clinic, appointment).status_code == 200
    fee = Payment.objects.get(kind="no_show_fee")
    assert (fee.amount_cents, fee.status, fee.off_session, fee.appointment) == (5500, "succeeded", True, appointment)
    consent = CardOnFileConsent.objects.get()
    charged = sdk.v1.payment_intents.retrieve(fee.stripe_payment_intent_id)
    assert (charged.amount, charged.status, charged.payment_method) == (5500, "succeeded", consent.payment_method_id)
    assert fee_collect(payment=fee).stripe_payment_intent_id == fee.stripe_payment_intent_id
    ours = [
        i.id
        for i in sdk.v1.payment_intents.list(params={"limit": 100}).auto_paging_iter()
        if i.metadata.to_dict().get("portal_payment") == str(fee.pk)
    ]
    assert ours == [fee.stripe_payment_intent_id]


def test_a_declined_saved_card_turns_the_fee_into_a_payment_request(
    open_clinic, deposit_policy, client_for, staff_client_for, sdk, clock, tasks_run
):
    client = client_for(PatientFactory())
    appointment, _ = book_and_pay(client, sdk, save_card=True, consent_text_version=terms_version(deposit_policy))
    declining = sdk.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": DECLINED_WHEN_CHARGED, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    CardOnFileConsent.objects.update(payment_method_id=declining.id)  # the kept card has since been blocked
    clock.move_to(AFTER_THE_START, tick=False)
    with tasks_run():
        mark_no_show(staff_client_for, open_clinic, appointment)
    fee = Payment.objects.get(kind="no_show_fee")
    assert (fee.status, fee.off_session, fee.off_session_failed) == ("requires_payment", False, True)
    assert fee.failure_message == "Your card was declined."
    with tasks_run():
        assert fee_collect(payment=fee).stripe_payment_intent_id is None

    client = client_for(client.user)
    mine = {p["kind"]: p for p in client.get("/api/v1/me/payments").json()["results"]}
    assert mine["no_show_fee"]["to_pay_in_portal"] is True and mine["no_show_fee"]["amount_cents"] == 5500
    checkout(client, fee)
    pay_in_browser(sdk, Payment.objects.get(pk=fee.pk).stripe_payment_intent_id)
    assert confirm_payment(client, fee).json()["status"] == "succeeded"


def test_without_consent_a_no_show_fee_is_a_payment_request_and_nothing_is_charged(
    open_clinic, deposit_policy, client_for, staff_client_for, sdk, clock, tasks_run
):
    client = client_for(PatientFactory())
    appointment, _ = book_and_pay(client, sdk)
    clock.move_to(AFTER_THE_START, tick=False)
    with tasks_run():
        mark_no_show(staff_client_for, open_clinic, appointment)
    fee = Payment.objects.get(kind="no_show_fee")
    assert (fee.status, fee.stripe_payment_intent_id, fee.off_session_failed) == ("requires_payment", None, False)


def test_a_withdrawn_consent_stops_fees_going_to_the_card_and_forgets_it_in_stripe(
    open_clinic, deposit_policy, client_for, staff_client_for, sdk, clock, tasks_run
):
    client = client_for(PatientFactory())
    appointment, _ = book_and_pay(client, sdk, save_card=True, consent_text_version=terms_version(deposit_policy))
    consent = CardOnFileConsent.objects.get()
    withdrawn = client.delete(f"/api/v1/me/card-consents/{consent.pk}")
    assert withdrawn.status_code == 200 and withdrawn.json()["active"] is False
    assert sdk.v1.payment_methods.retrieve(consent.payment_method_id).customer is None
    clock.move_to(AFTER_THE_START, tick=False)
    with tasks_run():
        mark_no_show(staff_client_for, open_clinic, appointment)
    fee = Payment.objects.get(kind="no_show_fee")
    assert (fee.status, fee.stripe_payment_intent_id) == ("requires_payment", None)


def test_what_was_paid_for_the_appointment_counts_toward_the_fee(
    open_clinic, client_for, staff_client_for, sdk, clock, tasks_run
):
    client = client_for(PatientFactory())
    appointment, payment = book_and_pay(client, sdk)
    assert payment.amount_cents == 25000
    clock.move_to(AFTER_THE_START, tick=False)
    with tasks_run():
        mark_no_show(staff_client_for, open_clinic, appointment)
    assert not Payment.objects.filter(kind="no_show_fee").exists()
    assert not payment.refunds.exists()


def test_after_the_clinic_raises_its_fees_the_old_consent_no_longer_lets_it_charge_the_card(
    open_clinic, deposit_policy, client_for, staff_client_for, sdk, clock, tasks_run
):
    client = client_for(PatientFactory())
    appointment, _ = book_and_pay(client, sdk, save_card=True, consent_text_version=terms_version(deposit_policy))
    deposit_policy.no_show_fee_cents = 20000
    deposit_policy.save()
    clock.move_to(AFTER_THE_START, tick=False)
    with tasks_run():
        mark_no_show(staff_client_for, open_clinic, appointment)
    fee = Payment.objects.get(kind="no_show_fee")
    assert (fee.amount_cents, fee.status, fee.stripe_payment_intent_id) == (18000, "requires_payment", None)
