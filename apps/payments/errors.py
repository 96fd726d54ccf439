"""Refusals of the payments app, each with a stable code the SPA can act on."""

from rest_framework import status

from apps.core.exceptions import ApplicationError, Conflict


class PaymentsUnavailable(ApplicationError):
    """Stripe could not be reached, or answered with an error on its side: try again later."""

    code = "payments_unavailable"
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_message = "Payments are unavailable for a moment. Nothing was charged; please try again shortly."


class PaymentProviderRefused(Conflict):
    """Stripe refused a request in the payment's current state (its message names no patient)."""

    code = "payment_provider_refused"
    default_message = "The payment provider refused the request."


class CardDeclined(ApplicationError):
    """A saved card could not be charged without the patient (declined, or the bank wants them). Only
    the fee task meets it: the fee then waits in the portal as a payment request."""

    code = "card_declined"
    status_code = status.HTTP_402_PAYMENT_REQUIRED

    def __init__(self, message: str | None = None, *, intent_id: str | None = None):
        super().__init__(message)
        self.intent_id = intent_id


class PolicyInvalid(ApplicationError):
    code = "invalid_policy"


class CancellationQuoteChanged(Conflict):
    code = "cancellation_quote_changed"
    default_message = (
        "What cancelling costs has changed since you looked, so nothing was cancelled or charged. Here is what "
        "it would do now."
    )


class PayAtClinic(Conflict):
    code = "pay_at_clinic"
    default_message = "This clinic takes payment at the clinic: there is nothing to pay online."


class PaymentRequired(Conflict):
    code = "payment_required"
    default_message = "Please complete the payment to confirm this booking."


class NothingToPay(Conflict):
    code = "nothing_to_pay"


class ConsentTextChanged(Conflict):
    code = "consent_text_changed"
    default_message = "The card-on-file terms have changed since you read them. Please read them again."


class RefundNotPossible(Conflict):
    code = "refund_not_possible"


class InvalidWebhook(ApplicationError):
    code = "invalid_webhook"
    default_message = "The webhook's signature could not be verified."
