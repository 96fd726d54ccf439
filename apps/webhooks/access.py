"""Who manages a clinic's webhooks: its administrators (clinic admins there and organization admins),
with two factors (``IsClinicStaff``). Other staff of the clinic are told no (403); anyone else, and any
endpoint or delivery of another clinic, answers 404."""

from apps.clinics.access import access_clinic_as_admin
from apps.clinics.models import Clinic
from apps.core.exceptions import NotFound

from .models import WebhookDelivery, WebhookEndpoint
from .selectors import endpoints_for_clinic


def access_clinic_for_webhooks(request, clinic_slug: str) -> Clinic:
    """For a view behind ``IsClinicStaff`` (which has checked both factors)."""
    return access_clinic_as_admin(
        request.user, clinic_slug, refusal="Webhooks are managed by the clinic's administrators."
    )


def access_endpoint(clinic: Clinic, endpoint_id) -> WebhookEndpoint:
    endpoint = endpoints_for_clinic(clinic).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound("No such webhook endpoint.")
    return endpoint


def access_delivery(endpoint: WebhookEndpoint, delivery_id) -> WebhookDelivery:
    delivery = endpoint.deliveries.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound("No such delivery.")
    return delivery
