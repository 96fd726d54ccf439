"""Free times: the question and the answer."""

from zoneinfo import ZoneInfo

from rest_framework import serializers

from apps.booking.selectors.catalogue import MAX_AVAILABILITY_DAYS

from .appointments import VISIT_REGION_HELP, visit_region_field
from .catalogue import BookingClinicOutput, ProviderOutput, ServiceOutput
from .instants import TIMEZONE_CHOICES, WallClockOutput, utc_text, wall_clock


class AvailabilityQuery(serializers.Serializer):
    service = serializers.SlugField()
    start = serializers.DateField(help_text="First local date (the clinic's time zone), YYYY-MM-DD.")
    end = serializers.DateField(help_text=f"Last local date, inclusive; at most {MAX_AVAILABILITY_DAYS} days.")
    provider = serializers.UUIDField(required=False, help_text="Only this provider (their user id).")
    patient = serializers.UUIDField(required=False, help_text="Staff: look for this patient of the clinic.")
    timezone = serializers.ChoiceField(
        choices=TIMEZONE_CHOICES, required=False, help_text="Also show times in this zone (default: the patient's)."
    )
    visit_region = visit_region_field(
        VISIT_REGION_HELP + " Default: the patient's home region (the clinic's when staff name no patient)."
    )

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": "The end date is before the start date."})
        if (data["end"] - data["start"]).days >= MAX_AVAILABILITY_DAYS:
            raise serializers.ValidationError({"end": f"Ask for at most {MAX_AVAILABILITY_DAYS} days at a time."})
        return data


class SlotOutput(serializers.Serializer):
    start = serializers.CharField(help_text="The instant, UTC.")
    clinic_time = WallClockOutput()
    viewer_time = WallClockOutput(allow_null=True, help_text="The same instant in the viewer's zone.")
    providers = ProviderOutput(many=True)
    chairs_free = serializers.IntegerField(allow_null=True, help_text="For services that need a chair.")


class AvailabilityOutput(serializers.Serializer):
    clinic = BookingClinicOutput()
    service = ServiceOutput()
    start = serializers.DateField()
    end = serializers.DateField()
    viewer_timezone = serializers.CharField(allow_null=True)
    slots = SlotOutput(many=True)


def availability_body(availability, viewer_zone: ZoneInfo | None) -> dict:
    """The answer as ``AvailabilityOutput`` documents it, its starts built directly: a week's answer
    holds a hundred starts or more with up to twenty providers each, and DRF's serializers over every
    one cost more CPU than finding the times. Each provider is serialized once, and shared by the
    starts they are free at (tests hold the two ways equal), by one serializer for all of them: each
    instance of a serializer copies its fields again."""
    profiles = availability.provider_profiles
    providers = dict(zip(profiles, ProviderOutput(list(profiles.values()), many=True).data, strict=True))
    needs_chair = availability.service.needs_chair
    body = AvailabilityOutput(
        {
            "clinic": availability.clinic,
            "service": availability.service,
            "start": availability.first_day,
            "end": availability.last_day,
            "viewer_timezone": viewer_zone.key if viewer_zone else None,
            "slots": [],
        }
    ).data
    body["slots"] = [
        {
            "start": utc_text(slot.start),
            "clinic_time": wall_clock(slot.start, availability.zone),
            "viewer_time": wall_clock(slot.start, viewer_zone) if viewer_zone else None,
            "providers": [providers[provider_id] for provider_id in slot.provider_ids],
            "chairs_free": len(slot.chair_ids) if needs_chair else None,
        }
        for slot in availability.slots
    ]
    return body
