from apps.core.exceptions import ApplicationError, Conflict


class DestinationRefused(ApplicationError):
    """Kept as an input error (``invalid``) on the ``url`` field by the services that save a URL."""

    code = "webhook_destination_refused"
    default_message = "The portal cannot send webhooks to this URL."


class UnknownEventType(ApplicationError):
    code = "invalid"
    default_message = "Choose events from the list."


class DeliveryNotRetryable(Conflict):
    code = "webhook_delivery_not_retryable"
    default_message = "Only a failed delivery can be retried."


class EndpointPaused(Conflict):
    code = "webhook_endpoint_paused"
    default_message = "Resume the endpoint before sending it a test event."
