from django.db.models import QuerySet

from apps.clinics.models import Clinic

from .models import WebhookDelivery, WebhookEndpoint


def endpoints_for_clinic(clinic: Clinic) -> QuerySet[WebhookEndpoint]:
    """The clinic's endpoints that were not deleted, oldest first."""
    return WebhookEndpoint.objects.filter(clinic=clinic, deleted_at__isnull=True).select_related("clinic")


def deliveries_for_endpoint(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """Newest first (the log)."""
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")
