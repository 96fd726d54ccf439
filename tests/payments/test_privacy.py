"""Stripe learns amounts and opaque ids, nothing about treatment: no names, e-mails, clinics, services,
descriptions or statement descriptors; metadata holds only the ids of the portal's own rows."""

import json
import uuid

import pytest

from apps.payments.models import CardOnFileConsent, Payment, Refund, StripeCustomer
from apps.payments.policy import card_on_file_terms
from tests.accounts.factories import PatientFactory

from .conftest import book_and_pay

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

OUR_KEYS = {"portal_payment", "portal_refund", "portal_customer"}


def test_stripe_holds_no_health_information_only_opaque_ids(
    open_clinic, policy, client_for, staff_client_for, sdk, clock, tasks_run
):
    policy.consultation_at_booking, policy.consultation_deposit_cents = "deposit", 2000
    policy.save()
    patient = PatientFactory(profile__legal_name="Avery Quinn Whitlock", email="avery.whitlock@example.com")
    client = client_for(patient)
    terms = card_on_file_terms(policy, open_clinic.name)
    with tasks_run():
        appointment, payment = book_and_pay(client, sdk, save_card=True, consent_text_version=terms.version)
        staff_client_for(open_clinic).post(
            f"/api/v1/payments/{payment.pk}/refunds",
            {"amount_cents": 500, "reason": "Depression screening took less time than planned"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="privacy-1",
        )
    clock.move_to("2026-02-03T20:30:00Z", tick=False)
    with tasks_run():
        staff_client_for(open_clinic).post(
            f"/api/v1/appointments/{appointment.pk}/transitions", {"status": "no_show"}, format="json"
        )
    fee = Payment.objects.get(kind="no_show_fee")
    assert fee.off_session and fee.status == "succeeded"

    our_ids = {str(pk) for pk in Payment.objects.values_list("pk", flat=True)}
    our_ids |= {str(pk) for pk in Refund.objects.values_list("pk", flat=True)} | {str(patient.pk)}
    customer = sdk.v1.customers.retrieve(StripeCustomer.objects.get(patient=patient).stripe_id).to_dict()
    intents = [
        sdk.v1.payment_intents.retrieve(pk).to_dict()
        for pk in Payment.objects.values_list("stripe_payment_intent_id", flat=True)
    ]
    refunds = [
        sdk.v1.refunds.retrieve(pk).to_dict() for pk in Refund.objects.values_list("stripe_refund_id", flat=True)
    ]
    assert len(intents) == 2 and len(refunds) == 1

    for stripe_object in [customer, *intents, *refunds]:
        metadata = stripe_object.get("metadata") or {}
        assert set(metadata) <= OUR_KEYS and all(uuid.UUID(value) for value in metadata.values())
        assert set(metadata.values()) <= our_ids
        for field in ("description", "statement_descriptor", "statement_descriptor_suffix", "receipt_email"):
            assert stripe_object.get(field) is None, field
        charge = stripe_object.get("latest_charge") or {}
        assert charge.get("description") is None and charge.get("statement_descriptor") is None
        dumped = json.dumps(stripe_object).lower()
        for private in (
            "avery",
            "whitlock",
            patient.email,
            open_clinic.name.lower(),
            open_clinic.slug,
            appointment.service.name.lower(),
            "ketamine",
            "depression",
            "consult",
        ):
            assert private not in dumped, (private, stripe_object["id"])
    assert (customer.get("name"), customer.get("email"), customer.get("phone"), customer.get("address")) == (
        None,
        None,
        None,
        None,
    )
    assert CardOnFileConsent.objects.get().text == terms.text
