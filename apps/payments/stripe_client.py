"""Every call the portal makes to Stripe goes through this module.

- Keys and the API base come from settings (``STRIPE_API_BASE`` points the SDK at a fake in tests).
- Every write carries an idempotency key made from our own ids (``pi-create:<payment id>``), so a
  retried request, a retried task or a double click reaches Stripe as the same request.
- Stripe sees opaque references only: the ids of our rows in ``metadata``; never a name, an e-mail, a
  service, a clinic or a description (no ``description``, no ``statement_descriptor``).
- Stripe's errors become ours: ``PaymentsUnavailable`` (try again later), ``CardDeclined``, or
  ``PaymentProviderRefused``. Results come back as small dataclasses, not SDK objects.
"""

import json
import logging
import uuid
from dataclasses import dataclass
from functools import lru_cache

import stripe
from django.conf import settings
from stripe.params import PaymentIntentCreateParams

from .errors import CardDeclined, InvalidWebhook, PaymentProviderRefused, PaymentsUnavailable

logger = logging.getLogger(__name__)

# Connection failures and Stripe-side errors are worth retrying; the idempotency keys make it safe.
MAX_NETWORK_RETRIES = 2


def is_configured() -> bool:
    """Whether the portal takes payments online at all (else it runs in "pay at the clinic" mode)."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


@lru_cache(maxsize=4)
def _client_for(secret_key: str, api_base: str, timeout: int) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key,
        base_addresses={"api": api_base},
        max_network_retries=MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def _client() -> stripe.StripeClient:
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE, settings.STRIPE_TIMEOUT_SECONDS)


def _call(operation: str, send):
    """Run one Stripe request, turning its errors into the portal's (logged with Stripe's codes only)."""
    try:
        return send()
    except stripe.CardError as error:
        logger.info("Stripe %s: card error %s", operation, error.code)
        intent = getattr(error.error, "payment_intent", None) if error.error else None
        raise CardDeclined(error.user_message or "The card was declined.", intent_id=_id_of(intent)) from error
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        logger.warning("Stripe %s: unavailable (%s)", operation, type(error).__name__)
        raise PaymentsUnavailable() from error
    except stripe.AuthenticationError as error:
        logger.error("Stripe %s: the API key was refused; check STRIPE_SECRET_KEY", operation)
        raise PaymentsUnavailable() from error
    except stripe.StripeError as error:
        logger.warning("Stripe %s: refused (%s, %s)", operation, type(error).__name__, error.code)
        raise PaymentProviderRefused(error.user_message or "The payment provider refused the request.") from error


def _portal_ref(metadata, key: str) -> str:
    """One of our row ids from an object's metadata (anything else there is not ours)."""
    value = (metadata or {}).get(key, "")
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError):
        return ""


def _id_of(value) -> str | None:
    """An id from a field Stripe gives either as an id or, expanded, as an object (or its dict)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("id")
    return getattr(value, "id", None)


# --- Customers -----------------------------------------------------------------------------------


def customer_create(*, customer_ref: str) -> str:
    """A Stripe Customer for one patient, known to Stripe only by our opaque reference."""
    customer = _call(
        "customer create",
        lambda: _client().v1.customers.create(
            params={"metadata": {"portal_customer": customer_ref}},
            options={"idempotency_key": f"customer-create:{customer_ref}"},
        ),
    )
    return customer.id


# --- Payment intents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount_cents: int
    currency: str
    client_secret: str
    payment_method_id: str | None
    card_brand: str
    card_last4: str
    receipt_url: str
    failure_message: str


def _intent(intent) -> Intent:
    data = intent.to_dict()
    payment_method = data.get("payment_method")
    card = (payment_method.get("card") or {}) if isinstance(payment_method, dict) else {}
    charge = data.get("latest_charge")
    error = data.get("last_payment_error") or {}
    return Intent(
        id=data["id"],
        status=data["status"],
        amount_cents=data["amount"],
        currency=data["currency"].upper(),
        client_secret=data.get("client_secret") or "",
        payment_method_id=_id_of(payment_method),
        card_brand=card.get("brand") or "",
        card_last4=card.get("last4") or "",
        receipt_url=(charge.get("receipt_url") or "") if isinstance(charge, dict) else "",
        failure_message=(error.get("message") or "")[:500],
    )


# The related objects a payment's receipt and saved card need, fetched with the intent.
INTENT_EXPAND = ["payment_method", "latest_charge"]


def payment_intent_create(
    *, payment_ref: str, amount_cents: int, currency: str, customer_id: str, save_card: bool
) -> Intent:
    """An intent the patient pays in the browser (Stripe's Payment Element, with its client secret).
    ``save_card`` asks Stripe to keep the card for later fees: only with the patient's recorded consent."""
    params: PaymentIntentCreateParams = {
        "amount": amount_cents,
        "currency": currency.lower(),
        "customer": customer_id,
        # Cards only; since API version 2026-09-30 (the SDK's pinned version is later) Stripe refuses
        # the older ``payment_method_types`` on create.
        "allowed_payment_method_types": ["card"],
        "metadata": {"portal_payment": payment_ref},
    }
    if save_card:
        params["payment_method_options"] = {"card": {"setup_future_usage": "off_session"}}
    intent = _call(
        "payment intent create",
        lambda: _client().v1.payment_intents.create(
            params=params, options={"idempotency_key": f"pi-create:{payment_ref}"}
        ),
    )
    return _intent(intent)


def payment_intent_charge_saved_card(
    *, payment_ref: str, amount_cents: int, currency: str, customer_id: str, payment_method_id: str
) -> Intent:
    """Charge a saved card without the patient present (a fee they agreed to). Raises ``CardDeclined``
    (with the intent's id when Stripe made one) if the card is declined or the bank wants the patient."""
    intent = _call(
        "off-session charge",
        lambda: _client().v1.payment_intents.create(
            params={
                "amount": amount_cents,
                "currency": currency.lower(),
                "customer": customer_id,
                "payment_method": payment_method_id,
                "confirm": True,
                "off_session": True,
                "metadata": {"portal_payment": payment_ref},
            },
            options={"idempotency_key": f"pi-off-session:{payment_ref}"},
        ),
    )
    return _intent(intent)


def payment_intent_retrieve(intent_id: str) -> Intent:
    """The intent as Stripe has it now (the truth, whatever a webhook's snapshot said)."""
    intent = _call(
        "payment intent retrieve",
        lambda: _client().v1.payment_intents.retrieve(intent_id, params={"expand": INTENT_EXPAND}),
    )
    return _intent(intent)


def payment_intent_cancel(*, intent_id: str) -> Intent:
    intent = _call(
        "payment intent cancel",
        lambda: _client().v1.payment_intents.cancel(intent_id, options={"idempotency_key": f"pi-cancel:{intent_id}"}),
    )
    return _intent(intent)


# --- Refunds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StripeRefund:
    id: str
    status: str
    amount_cents: int
    payment_intent_id: str | None
    refund_ref: str  # ours, when the portal made it; empty for a refund made in Stripe's dashboard
    failure_reason: str


def _refund(refund) -> StripeRefund:
    data = refund.to_dict()
    return StripeRefund(
        id=data["id"],
        status=data["status"],
        amount_cents=data["amount"],
        payment_intent_id=_id_of(data.get("payment_intent")),
        refund_ref=_portal_ref(data.get("metadata"), "portal_refund"),
        failure_reason=data.get("failure_reason") or "",
    )


def refund_create(*, refund_ref: str, intent_id: str, amount_cents: int) -> StripeRefund:
    refund = _call(
        "refund create",
        lambda: _client().v1.refunds.create(
            params={"payment_intent": intent_id, "amount": amount_cents, "metadata": {"portal_refund": refund_ref}},
            options={"idempotency_key": f"refund:{refund_ref}"},
        ),
    )
    return _refund(refund)


def refund_retrieve(refund_id: str) -> StripeRefund:
    return _refund(_call("refund retrieve", lambda: _client().v1.refunds.retrieve(refund_id)))


# --- Saved cards ---------------------------------------------------------------------------------


def payment_method_detach(*, consent_ref: str, payment_method_id: str) -> None:
    """Forget a saved card (consent withdrawn)."""
    _call(
        "payment method detach",
        lambda: _client().v1.payment_methods.detach(
            payment_method_id, options={"idempotency_key": f"pm-detach:{consent_ref}"}
        ),
    )


# --- Webhooks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    object_id: str
    payload: dict


def webhook_event_verify(*, payload: bytes, signature: str | None) -> WebhookEvent:
    """The event in a webhook request, once the SDK has verified ``Stripe-Signature`` over the raw
    body with our webhook secret, and that its timestamp is recent. Anything else is ``InvalidWebhook``."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.warning("A Stripe webhook arrived, but STRIPE_WEBHOOK_SECRET is not set: refused")
        raise InvalidWebhook("Webhooks are not configured on this server.")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise InvalidWebhook() from error
    try:
        event_id, event_type, stripe_object = event["id"], event["type"], event["data"]["object"]
        object_id = stripe_object.get("id", "")
    except (TypeError, KeyError, AttributeError) as error:
        raise InvalidWebhook("The webhook is not a Stripe event.") from error
    if not (isinstance(event_id, str) and isinstance(event_type, str) and isinstance(object_id, str)):
        raise InvalidWebhook("The webhook is not a Stripe event.")
    return WebhookEvent(id=event_id, type=event_type, object_id=object_id, payload=event)
