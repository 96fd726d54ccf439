"""A clinic's administrators manage the endpoints their systems receive events at, and read each
endpoint's delivery log. Another clinic's endpoint or delivery answers 404; other staff, 403."""

from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.care.api.serializers.pages import page_of
from apps.clinics.permissions import IsClinicStaff
from apps.core.pagination import PAGE_PARAMETERS, StandardPagination

from .. import services
from ..access import access_clinic_for_webhooks, access_delivery, access_endpoint
from ..selectors import deliveries_for_endpoint, endpoints_for_clinic
from .serializers import (
    WebhookDeliveryOutput,
    WebhookEndpointInput,
    WebhookEndpointOutput,
    WebhookEndpointUpdateInput,
    WebhookEndpointWithSecretOutput,
)

TAGS = ["webhooks"]
PAUSED = {409: OpenApiResponse(description="`webhook_endpoint_paused`: resume the endpoint first.")}


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _endpoint(request, clinic_slug, endpoint_id):
    return access_endpoint(access_clinic_for_webhooks(request, clinic_slug), endpoint_id)


class WebhookView(APIView):
    """Every answer is ``Cache-Control: no-store``: some carry a signing secret, the others where a
    clinic's patient events go, and neither belongs in a browser's or a proxy's cache."""

    permission_classes = [IsClinicStaff]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, no_store=True)
        return response


class EndpointListView(WebhookView):
    @extend_schema(operation_id="clinic_webhook_endpoints_list", tags=TAGS, responses=WebhookEndpointOutput(many=True))
    def get(self, request, clinic_slug):
        clinic = access_clinic_for_webhooks(request, clinic_slug)
        return Response(WebhookEndpointOutput(endpoints_for_clinic(clinic), many=True).data)

    @extend_schema(
        operation_id="clinic_webhook_endpoints_create",
        tags=TAGS,
        request=WebhookEndpointInput,
        responses={201: WebhookEndpointWithSecretOutput},
        description="The answer carries the signing secret, shown this once.",
    )
    def post(self, request, clinic_slug):
        clinic = access_clinic_for_webhooks(request, clinic_slug)
        endpoint = services.endpoint_create(
            actor=request.user, clinic=clinic, **_valid(WebhookEndpointInput, request.data)
        )
        return Response(WebhookEndpointWithSecretOutput(endpoint).data, status=status.HTTP_201_CREATED)


class EndpointDetailView(WebhookView):
    @extend_schema(operation_id="clinic_webhook_endpoints_retrieve", tags=TAGS, responses=WebhookEndpointOutput)
    def get(self, request, clinic_slug, endpoint_id):
        return Response(WebhookEndpointOutput(_endpoint(request, clinic_slug, endpoint_id)).data)

    @extend_schema(
        operation_id="clinic_webhook_endpoints_update",
        tags=TAGS,
        request=WebhookEndpointUpdateInput,
        responses=WebhookEndpointOutput,
        description="Change the URL, description or events, or pause (`is_active: false`) and resume.",
    )
    def patch(self, request, clinic_slug, endpoint_id):
        endpoint = _endpoint(request, clinic_slug, endpoint_id)
        endpoint = services.endpoint_update(
            actor=request.user, endpoint=endpoint, **_valid(WebhookEndpointUpdateInput, request.data)
        )
        return Response(WebhookEndpointOutput(endpoint).data)

    @extend_schema(operation_id="clinic_webhook_endpoints_destroy", tags=TAGS, responses={204: None})
    def delete(self, request, clinic_slug, endpoint_id):
        services.endpoint_delete(actor=request.user, endpoint=_endpoint(request, clinic_slug, endpoint_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointSecretView(WebhookView):
    @extend_schema(
        operation_id="clinic_webhook_endpoints_secret_rotate",
        tags=TAGS,
        request=None,
        responses={201: WebhookEndpointWithSecretOutput},
        description="A new signing secret replaces the old one at once (shown this once).",
    )
    def post(self, request, clinic_slug, endpoint_id):
        endpoint = services.endpoint_secret_rotate(
            actor=request.user, endpoint=_endpoint(request, clinic_slug, endpoint_id)
        )
        return Response(WebhookEndpointWithSecretOutput(endpoint).data, status=status.HTTP_201_CREATED)


class EndpointTestEventView(WebhookView):
    @extend_schema(
        operation_id="clinic_webhook_endpoints_test_event",
        tags=TAGS,
        request=None,
        responses={201: WebhookDeliveryOutput, **PAUSED},
        description="Queue a `webhook.test` event for this endpoint, sent at once.",
    )
    def post(self, request, clinic_slug, endpoint_id):
        delivery = services.endpoint_test_send(
            actor=request.user, endpoint=_endpoint(request, clinic_slug, endpoint_id)
        )
        return Response(WebhookDeliveryOutput(delivery).data, status=status.HTTP_201_CREATED)


class DeliveryListView(WebhookView):
    @extend_schema(
        operation_id="clinic_webhook_deliveries_list",
        tags=TAGS,
        parameters=PAGE_PARAMETERS,
        responses=page_of(WebhookDeliveryOutput),
    )
    def get(self, request, clinic_slug, endpoint_id):
        endpoint = _endpoint(request, clinic_slug, endpoint_id)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(deliveries_for_endpoint(endpoint), request, view=self)
        return paginator.get_paginated_response(WebhookDeliveryOutput(page, many=True).data)


class DeliveryRetryView(WebhookView):
    @extend_schema(
        operation_id="clinic_webhook_deliveries_retry",
        tags=TAGS,
        request=None,
        responses={
            200: WebhookDeliveryOutput,
            409: OpenApiResponse(
                description="`webhook_delivery_not_retryable` (it is no longer failed) or `webhook_endpoint_paused`."
            ),
        },
    )
    def post(self, request, clinic_slug, endpoint_id, delivery_id):
        delivery = access_delivery(_endpoint(request, clinic_slug, endpoint_id), delivery_id)
        return Response(WebhookDeliveryOutput(services.delivery_retry(actor=request.user, delivery=delivery)).data)
