"""What a clinic offers: its services and providers."""

from rest_framework import serializers

from apps.booking.models import ServiceType


class ServiceOutput(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = [
            "slug",
            "name",
            "kind",
            "modality",
            "route",
            "duration_minutes",
            "recovery_minutes",
            "minimum_notice_minutes",
            "horizon_days",
            "cancellation_window_hours",
            "slot_step_minutes",
            "price_cents",
            "currency",
            "needs_chair",
        ]


class ServiceSummaryOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    modality = serializers.CharField()
    route = serializers.CharField()


class ProviderOutput(serializers.Serializer):
    id = serializers.UUIDField(source="user_id")
    display_name = serializers.CharField()
    credentials = serializers.CharField()


class BookingClinicOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    timezone = serializers.CharField()
