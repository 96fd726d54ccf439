"""Input and output shapes of the availability settings API: weekly hours, overrides, closures,
chairs and services. Times of day are the clinic's wall-clock times (HH:MM) in its own zone."""

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.models import validate_region_code
from apps.booking.models import (
    SLOT_STEPS,
    AvailabilityOverride,
    ClinicClosure,
    DosingRoute,
    Modality,
    OverrideKind,
    ServiceKind,
    ServiceType,
    Weekday,
    WeeklyHours,
)
from apps.booking.selectors.catalogue import clinic_zone
from apps.clinics.models import ProviderLicense

from .appointments import AppointmentPatientOutput
from .catalogue import BookingClinicOutput, ProviderOutput, ServiceSummaryOutput
from .instants import WallClockOutput, utc_text, wall_clock

TIME_FORMAT = "%H:%M"


def _end_after_start(data):
    start, end = data.get("start_time"), data.get("end_time")
    if start is not None and end is not None and end <= start:
        raise serializers.ValidationError({"end_time": "The end must be after the start."})


class ProviderFilterQuery(serializers.Serializer):
    provider = serializers.UUIDField(required=False, help_text="Only this provider (their user id).")


# --- Overview --------------------------------------------------------------------------------------


class SettingsProviderOutput(ProviderOutput):
    may_edit = serializers.BooleanField(help_text="Whether the caller may change this provider's hours.")


class AvailabilitySettingsOutput(serializers.Serializer):
    clinic = BookingClinicOutput()
    role = serializers.CharField(help_text="The caller's role here: clinic_admin, provider or front_desk.")
    may_edit_clinic = serializers.BooleanField(help_text="Closures, chairs and services (clinic admins).")
    providers = SettingsProviderOutput(many=True)


# --- Weekly hours ----------------------------------------------------------------------------------


class WeeklyHoursInput(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text="0 = Monday ... 6 = Sunday.")
    start_time = serializers.TimeField(help_text="Local time at the clinic, HH:MM.")
    end_time = serializers.TimeField(help_text="Local time at the clinic, HH:MM; shifts end by midnight.")

    def validate(self, data):
        _end_after_start(data)
        return data


class WeeklyHoursCreateInput(WeeklyHoursInput):
    provider = serializers.UUIDField(help_text="The provider's user id.")


class WeeklyHoursOutput(serializers.ModelSerializer):
    provider = ProviderOutput()
    start_time = serializers.TimeField(format=TIME_FORMAT)
    end_time = serializers.TimeField(format=TIME_FORMAT)

    class Meta:
        model = WeeklyHours
        fields = ["id", "provider", "weekday", "start_time", "end_time"]


# --- Overrides -------------------------------------------------------------------------------------


class OverrideListQuery(ProviderFilterQuery):
    since = serializers.DateField(required=False, help_text="From this local date on (default: today).")


class OverrideInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OverrideKind.choices)
    date = serializers.DateField(help_text="The clinic's local date.")
    start_time = serializers.TimeField(required=False, allow_null=True, default=None)
    end_time = serializers.TimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, data):
        if (data["start_time"] is None) != (data["end_time"] is None):
            missing = "end_time" if data["end_time"] is None else "start_time"
            raise serializers.ValidationError({missing: "Give both times, or neither for the whole day."})
        if data["kind"] == OverrideKind.EXTRA_HOURS and data["start_time"] is None:
            raise serializers.ValidationError({"start_time": "Extra hours need a start and an end time."})
        _end_after_start(data)
        return data


class OverrideCreateInput(OverrideInput):
    provider = serializers.UUIDField(help_text="The provider's user id.")


class OverrideOutput(serializers.ModelSerializer):
    provider = ProviderOutput()
    start_time = serializers.TimeField(format=TIME_FORMAT, allow_null=True)
    end_time = serializers.TimeField(format=TIME_FORMAT, allow_null=True)
    everywhere = serializers.SerializerMethodField(
        help_text="Time off the provider took at every clinic: listed here, changed where it was made."
    )

    class Meta:
        model = AvailabilityOverride
        fields = ["id", "provider", "kind", "date", "start_time", "end_time", "note", "everywhere"]

    def get_everywhere(self, override) -> bool:
        return override.clinic_id is None


# --- Closures --------------------------------------------------------------------------------------


class ClosureListQuery(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="Closures ending on or after this date (default: today).")


class ClosureInput(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="Inclusive.")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, data):
        if data["ends_on"] < data["starts_on"]:
            raise serializers.ValidationError({"ends_on": "The last day is before the first day."})
        return data


class ClosureOutput(serializers.ModelSerializer):
    class Meta:
        model = ClinicClosure
        fields = ["id", "starts_on", "ends_on", "reason"]


# --- Chairs ----------------------------------------------------------------------------------------


class ChairCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=60)


class ChairUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    is_active = serializers.BooleanField(required=False)


class ChairSettingsOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    is_active = serializers.BooleanField()


# --- Services --------------------------------------------------------------------------------------


class ServiceTypeInput(serializers.Serializer):
    """A service's settings; on update every field is optional (only what is sent changes)."""

    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=60, required=False, help_text="Default: made from the name.")
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    modality = serializers.ChoiceField(choices=Modality.choices)
    route = serializers.ChoiceField(choices=DosingRoute.choices, allow_blank=True, required=False, default="")
    duration_minutes = serializers.IntegerField(min_value=5, max_value=480)
    recovery_minutes = serializers.IntegerField(min_value=0, max_value=480, default=0)
    buffer_before_minutes = serializers.IntegerField(min_value=0, max_value=120, default=0)
    buffer_after_minutes = serializers.IntegerField(min_value=0, max_value=120, default=0)
    minimum_notice_minutes = serializers.IntegerField(min_value=0, max_value=60 * 24 * 30, default=24 * 60)
    horizon_days = serializers.IntegerField(min_value=1, max_value=365, default=60)
    cancellation_window_hours = serializers.IntegerField(min_value=0, max_value=24 * 14, default=24)
    slot_step_minutes = serializers.ChoiceField(choices=SLOT_STEPS, default=15)
    price_cents = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    currency = serializers.CharField(
        max_length=3,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}\Z", "Use a three-letter ISO currency code, e.g. USD.")],
    )
    needs_chair = serializers.BooleanField(default=False)
    is_active = serializers.BooleanField(default=True)


class ServiceTypeSettingsOutput(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "modality",
            "route",
            "duration_minutes",
            "recovery_minutes",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "minimum_notice_minutes",
            "horizon_days",
            "cancellation_window_hours",
            "slot_step_minutes",
            "price_cents",
            "currency",
            "needs_chair",
            "is_active",
        ]


# --- The refusal of a change that would strand appointments ----------------------------------------


class OrphanedAppointmentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    start = serializers.SerializerMethodField(help_text="UTC")
    clinic_time = serializers.SerializerMethodField()
    clinic = BookingClinicOutput()
    patient = AppointmentPatientOutput()
    provider = ProviderOutput()
    service = ServiceSummaryOutput()

    def get_start(self, appointment) -> str:
        return utc_text(appointment.starts_at)

    @extend_schema_field(WallClockOutput)
    def get_clinic_time(self, appointment):
        return wall_clock(appointment.starts_at, clinic_zone(appointment.clinic))


class WouldOrphanErrorOutput(serializers.Serializer):
    code = serializers.CharField(help_text="would_orphan_appointments")
    message = serializers.CharField()
    appointments = OrphanedAppointmentOutput(many=True, help_text="The upcoming appointments the change would strand.")


# --- Providers: licences and booking weight --------------------------------------------------------


class LicenceOutput(serializers.ModelSerializer):
    class Meta:
        model = ProviderLicense
        fields = ["id", "region", "number", "expires_on"]


class ProviderSettingsOutput(serializers.Serializer):
    id = serializers.UUIDField(source="user_id", help_text="The provider's user id.")
    display_name = serializers.CharField(source="user.provider_profile.display_name")
    credentials = serializers.CharField(source="user.provider_profile.credentials")
    booking_weight = serializers.IntegerField()
    licences = LicenceOutput(many=True, source="user.provider_profile.licenses.all")


class ProviderSettingsInput(serializers.Serializer):
    booking_weight = serializers.IntegerField(
        min_value=1,
        max_value=10,
        help_text="The provider's share of bookings that name no provider here (1 to 10; 2 is about twice 1's).",
    )


class LicenceInput(serializers.Serializer):
    number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    expires_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Empty: no expiry.")


class LicenceCreateInput(LicenceInput):
    region = serializers.CharField(
        max_length=10, validators=[validate_region_code], help_text="ISO 3166-2, e.g. US-NY."
    )
