"""The patient's Stripe customer, and their consent to keep a card for the clinic's fees."""

from django.db import transaction

from apps.audit.context import client_ip
from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.models import Clinic
from apps.core import clock

from .. import stripe_client
from ..errors import ConsentTextChanged, NothingToPay, PayAtClinic
from ..models import CardOnFileConsent, StripeCustomer
from ..policy import card_on_file_terms
from ..selectors import active_card_consent, online_policy


def customer_id(patient) -> str:
    """The patient's Stripe Customer, made on first use with no row locked while Stripe is asked. Its
    idempotency key is the patient's, so racing first uses get one customer; the first recorded is
    kept whatever a Stripe without idempotency answers the others."""
    customer, _ = StripeCustomer.objects.get_or_create(patient=patient)
    if not customer.stripe_id:
        made = stripe_client.customer_create(customer_ref=str(patient.pk))
        StripeCustomer.objects.filter(pk=customer.pk, stripe_id="").update(stripe_id=made, updated_at=clock.now())
        customer.refresh_from_db(fields=["stripe_id"])
    return customer.stripe_id


@transaction.atomic
def card_consent_give(*, actor, patient, clinic: Clinic, text_version: str) -> CardOnFileConsent:
    """Record that ``patient`` lets ``clinic`` keep their next card for its fees, in the exact words
    they read (``text_version`` must be the current one). Giving it again changes nothing."""
    policy = online_policy(clinic)
    if policy is None:
        raise PayAtClinic()
    terms = card_on_file_terms(policy, clinic.name)
    if terms is None:
        raise NothingToPay("This clinic charges no fees a saved card could pay.")
    if text_version != terms.version:
        raise ConsentTextChanged(extra={"text_version": terms.version, "text": terms.text})
    current = active_card_consent(patient, clinic)
    if current is not None and current.text_version == terms.version:
        return current
    if current is not None:
        current.revoked_at = clock.now()
        current.save(update_fields=["revoked_at", "updated_at"])
    consent = CardOnFileConsent.objects.create(
        patient=patient,
        clinic=clinic,
        text_version=terms.version,
        text=terms.text,
        given_by=actor,
        given_at=clock.now(),
        ip_address=client_ip(),
        payment_method_id=current.payment_method_id if current is not None else "",
        card_brand=current.card_brand if current is not None else "",
        card_last4=current.card_last4 if current is not None else "",
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=consent, patient=patient, clinic=clinic)
    return consent


@transaction.atomic
def card_consent_revoke(*, actor, consent: CardOnFileConsent) -> CardOnFileConsent:
    """Withdraw the consent; the card is detached from the patient's Stripe customer unless another
    clinic's active consent still uses it."""
    consent = CardOnFileConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = clock.now()
    consent.save(update_fields=["revoked_at", "updated_at"])
    card = consent.payment_method_id
    still_used = CardOnFileConsent.objects.filter(
        payment_method_id=card, patient=consent.patient, revoked_at__isnull=True
    ).exists()
    if card and not still_used and stripe_client.is_configured():
        stripe_client.payment_method_detach(consent_ref=str(consent.pk), payment_method_id=card)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consent, patient=consent.patient, clinic=consent.clinic)
    return consent
