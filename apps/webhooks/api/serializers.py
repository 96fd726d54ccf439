"""Input and output shapes of the webhook management API. The signing secret appears only in the
answers that make it (creating an endpoint, rotating its secret)."""

from rest_framework import serializers

from ..events import EventType
from ..models import DeliveryStatus


class WebhookEndpointInput(serializers.Serializer):
    url = serializers.URLField(max_length=2000, help_text="https only. Where the events are POSTed.")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices),
        allow_empty=False,
        max_length=len(EventType.choices),
        help_text="The event types sent to this endpoint.",
    )
    is_active = serializers.BooleanField(required=False, help_text="False: paused (new endpoints are active).")


class WebhookEndpointUpdateInput(WebhookEndpointInput):
    """Any of the fields; those left out are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class WebhookEndpointOutput(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField()
    description = serializers.CharField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    secret_rotated_at = serializers.DateTimeField(allow_null=True)


class WebhookEndpointWithSecretOutput(WebhookEndpointOutput):
    secret = serializers.CharField(help_text="The signing secret (whsec_…). Shown only in this answer.")


class WebhookDeliveryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    message_id = serializers.CharField(help_text="The webhook-id header, the same on every attempt.")
    event_type = serializers.CharField()
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    created_at = serializers.DateTimeField()
    attempts = serializers.IntegerField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    last_status_code = serializers.IntegerField(allow_null=True)
    last_duration_ms = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    next_attempt_at = serializers.SerializerMethodField()
    delivered_at = serializers.DateTimeField(allow_null=True)

    def get_next_attempt_at(self, delivery) -> str | None:
        if delivery.status != DeliveryStatus.PENDING:
            return None
        return serializers.DateTimeField().to_representation(delivery.due_at)
