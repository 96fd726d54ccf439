"""Input and output shapes of the booking API. Every instant goes out in UTC (``...Z``) with, beside it,
the clinic-local wall time and its UTC offset, so that a slot in a repeated hour is unambiguous."""

import zoneinfo
from datetime import UTC, datetime
from typing import overload
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.accounts.models import validate_region_code
from apps.booking.models import (
    INDUCTION_SESSIONS,
    INDUCTION_WINDOW_DAYS,
    AppointmentStatus,
    ServiceType,
)
from apps.booking.policy import cancellation_window_opens
from apps.booking.ride_home import ride_home_status
from apps.booking.selectors.catalogue import MAX_AVAILABILITY_DAYS, clinic_zone
from apps.booking.services.series import MAX_SERIES_SESSIONS
from apps.booking.telehealth import room_opens_at

TIMEZONE_CHOICES = sorted(zoneinfo.available_timezones())


@overload
def utc_text(instant: datetime) -> str: ...
@overload
def utc_text(instant: datetime | None) -> str | None: ...
def utc_text(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def wall_clock(instant: datetime, zone: ZoneInfo) -> dict:
    """The local reading of an instant: wall time without offset, the offset, and the abbreviation."""
    local = instant.astimezone(zone)
    return {
        "local": local.replace(tzinfo=None).isoformat(timespec="minutes"),
        "utc_offset": local.isoformat()[-6:],
        "abbreviation": local.tzname(),
    }


# --- Input ---------------------------------------------------------------------------------------


class AwareDateTimeField(serializers.DateTimeField):
    """An instant: an ISO 8601 time with its UTC offset. A bare wall time is refused rather than
    guessed, since the same wall time can be two instants (or none) on a daylight-saving day."""

    default_error_messages = {"naive": "Give the time with its UTC offset, for example 2026-03-10T15:00:00Z."}

    def to_internal_value(self, value):
        if isinstance(value, str):
            parsed = parse_datetime(value.strip())
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        return super().to_internal_value(value).astimezone(UTC)


VISIT_REGION_HELP = (
    "Video visits: where the patient will be during the visit, an ISO 3166-2 code such as US-NY (care is "
    "rendered there, so only providers licensed there are offered)."
)


def visit_region_field(help_text: str = VISIT_REGION_HELP, **kwargs):
    return serializers.CharField(
        max_length=10, validators=[validate_region_code], required=False, default="", help_text=help_text, **kwargs
    )


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


WILL_NOT_DRIVE_HELP = (
    "Dosing sessions and boosters: the patient confirms they will not drive until the day after the session "
    "(staff booking for a patient: the patient confirmed it to them). Required (true) for those services."
)


class AppointmentCreateInput(serializers.Serializer):
    clinic = serializers.SlugField()
    service = serializers.SlugField()
    start = AwareDateTimeField()
    provider = serializers.UUIDField(required=False, help_text="A provider's user id; default: any free one.")
    patient = serializers.UUIDField(required=False, help_text="Staff only: book for this patient of the clinic.")
    hold = serializers.BooleanField(
        default=False, help_text="Hold the time for a few minutes (while paying) instead of confirming now."
    )
    will_not_drive = serializers.BooleanField(default=False, help_text=WILL_NOT_DRIVE_HELP)
    visit_region = visit_region_field(VISIT_REGION_HELP + " Required for a video visit.")


class RescheduleInput(serializers.Serializer):
    start = AwareDateTimeField()
    provider = serializers.UUIDField(required=False, help_text="Default: the same provider if free, else any.")


class AcceptedQuoteInput(serializers.Serializer):
    refund_cents = serializers.IntegerField(min_value=0)
    fee_cents = serializers.IntegerField(min_value=0)


class RideHomeInput(serializers.Serializer):
    needs_help = serializers.BooleanField(default=False, help_text="The patient has nobody to take them home yet.")
    escort_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    escort_phone = PhoneNumberField(required=False, allow_blank=True, default="")

    def validate(self, data):
        if not data["needs_help"]:
            missing = {
                name: ["Say who takes you home, or that you need help."]
                for name in ("escort_name", "escort_phone")
                if not str(data[name]).strip()
            }
            if missing:
                raise serializers.ValidationError(missing)
        return data


class RideHomeOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=["not_confirmed", "confirmed", "needs_help"])
    escort_name = serializers.CharField(source="answer.escort_name", default="")
    escort_phone = serializers.CharField(source="answer.escort_phone", default="")
    answered_at = serializers.DateTimeField(source="answer.answered_at", default=None)
    answered_by_text = serializers.BooleanField(
        source="answer.answered_by_text", default=False, help_text="By text: the escort named in the portal."
    )


class TransitionInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    accepted_quote = AcceptedQuoteInput(
        required=False,
        help_text="A patient cancelling: the refund and fee of the quote they were shown "
        "(GET …/cancellation-quote). Needed when cancelling keeps money or charges a fee; other amounts "
        "now answer 409 cancellation_quote_changed with the new quote, and nothing is cancelled.",
    )


class SeriesProposalQuery(serializers.Serializer):
    service = serializers.SlugField()
    start = serializers.DateField(help_text="First local date the series may start.")
    sessions = serializers.IntegerField(min_value=1, max_value=MAX_SERIES_SESSIONS, default=INDUCTION_SESSIONS)
    within_days = serializers.IntegerField(min_value=1, max_value=MAX_AVAILABILITY_DAYS, default=INDUCTION_WINDOW_DAYS)
    time = serializers.TimeField(required=False, help_text="Preferred local time of day, HH:MM.")
    provider = serializers.UUIDField(required=False)
    patient = serializers.UUIDField(required=False, help_text="Staff: propose for this patient of the clinic.")


class SeriesSessionInput(serializers.Serializer):
    start = AwareDateTimeField()
    provider = serializers.UUIDField(required=False)


class SeriesCreateInput(serializers.Serializer):
    clinic = serializers.SlugField()
    service = serializers.SlugField()
    patient = serializers.UUIDField(required=False, help_text="Staff only: book for this patient of the clinic.")
    sessions = SeriesSessionInput(many=True, allow_empty=False, help_text=f"1 to {MAX_SERIES_SESSIONS} sessions.")
    within_days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_AVAILABILITY_DAYS,
        default=INDUCTION_WINDOW_DAYS,
        help_text="Every session falls within this many days of the first.",
    )
    will_not_drive = serializers.BooleanField(default=False, help_text=WILL_NOT_DRIVE_HELP)


class ScheduleQuery(serializers.Serializer):
    date = serializers.DateField(help_text="First local date (the clinic's time zone).")
    days = serializers.IntegerField(min_value=1, max_value=7, default=1, help_text="1 for a day, 7 for a week.")
    include_cancelled = serializers.BooleanField(default=False)


class AppointmentListQuery(serializers.Serializer):
    upcoming = serializers.BooleanField(default=True, help_text="Only appointments that have not ended yet.")


class PatientAppointmentListQuery(serializers.Serializer):
    when = serializers.ChoiceField(
        choices=["upcoming", "past"],
        default="upcoming",
        help_text="upcoming: booked and not over yet, soonest first; past: over or cancelled, latest first.",
    )


# --- Output --------------------------------------------------------------------------------------


class WallClockOutput(serializers.Serializer):
    local = serializers.CharField(help_text="Wall-clock time, no offset: 2026-03-08T13:00")
    utc_offset = serializers.CharField(help_text="e.g. -06:00")
    abbreviation = serializers.CharField(help_text="e.g. MDT")


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


def availability_data(availability, viewer_zone: ZoneInfo | None) -> dict:
    profiles = availability.provider_profiles
    return {
        "clinic": availability.clinic,
        "service": availability.service,
        "start": availability.first_day,
        "end": availability.last_day,
        "viewer_timezone": viewer_zone.key if viewer_zone else None,
        "slots": [
            {
                "start": utc_text(slot.start),
                "clinic_time": wall_clock(slot.start, availability.zone),
                "viewer_time": wall_clock(slot.start, viewer_zone) if viewer_zone else None,
                "providers": [profiles[provider_id] for provider_id in slot.provider_ids],
                "chairs_free": len(slot.chair_ids) if availability.service.needs_chair else None,
            }
            for slot in availability.slots
        ],
    }


class ChairOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AppointmentPatientOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class AppointmentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    clinic = BookingClinicOutput()
    service = ServiceSummaryOutput()
    provider = ProviderOutput()
    patient = AppointmentPatientOutput()
    chair = ChairOutput(allow_null=True)
    series = serializers.UUIDField(source="series_id", allow_null=True)
    start = serializers.SerializerMethodField(help_text="UTC")
    end = serializers.SerializerMethodField(help_text="End of the session, UTC")
    visit_end = serializers.SerializerMethodField(help_text="End of the recovery (the patient leaves), UTC")
    clinic_time = serializers.SerializerMethodField()
    patient_time = serializers.SerializerMethodField(help_text="The start in the patient's own time zone.")
    hold_expires_at = serializers.SerializerMethodField()
    cancelled_at = serializers.SerializerMethodField()
    cancelled_by = serializers.CharField()
    cancellation_reason = serializers.CharField()
    patient_may_change_until = serializers.SerializerMethodField(
        help_text="Until when the patient may cancel or move it online (UTC)."
    )
    is_telehealth = serializers.BooleanField()
    visit_region = serializers.CharField(help_text="Video visits: where the patient said they would be.")
    room_opens_at = serializers.SerializerMethodField(help_text="Telehealth: when the video room opens (UTC).")

    def get_start(self, appointment) -> str:
        return utc_text(appointment.starts_at)

    def get_end(self, appointment) -> str:
        return utc_text(appointment.ends_at)

    def get_visit_end(self, appointment) -> str:
        return utc_text(appointment.recovery_ends_at)

    @extend_schema_field(WallClockOutput)
    def get_clinic_time(self, appointment):
        return wall_clock(appointment.starts_at, clinic_zone(appointment.clinic))

    @extend_schema_field(WallClockOutput(allow_null=True))
    def get_patient_time(self, appointment):
        profile = getattr(appointment.patient, "patient_profile", None)
        return wall_clock(appointment.starts_at, ZoneInfo(profile.timezone)) if profile is not None else None

    def get_hold_expires_at(self, appointment) -> str | None:
        return utc_text(appointment.hold_expires_at)

    def get_cancelled_at(self, appointment) -> str | None:
        return utc_text(appointment.cancelled_at)

    def get_patient_may_change_until(self, appointment) -> str:
        return utc_text(cancellation_window_opens(appointment))

    def get_room_opens_at(self, appointment) -> str | None:
        return utc_text(room_opens_at(appointment)) if appointment.is_telehealth else None


class AppointmentEventOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    by = serializers.SerializerMethodField(help_text="patient, clinic or system")
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    previous_start = serializers.DateTimeField(source="previous_starts_at", allow_null=True)
    previous_provider = serializers.CharField(source="previous_provider.display_name", default=None)
    reason = serializers.CharField()

    def get_by(self, event) -> str:
        if event.actor_id is None:
            return "system"
        return "patient" if event.actor_id == event.appointment.patient_id else "clinic"


class JoinInput(serializers.Serializer):
    region = visit_region_field(
        "The patient: where they are right now (ISO 3166-2, e.g. US-NY); required. The provider sends nothing."
    )


class JoinOutput(serializers.Serializer):
    url = serializers.CharField(help_text="The meeting link with its token; do not share it.")
    room = serializers.CharField()
    moderator = serializers.BooleanField()
    expires_at = serializers.DateTimeField()


class SeriesOutput(serializers.Serializer):
    id = serializers.UUIDField()
    clinic = BookingClinicOutput()
    service = ServiceSummaryOutput()
    appointments = AppointmentOutput(many=True)


class ProposedSessionOutput(serializers.Serializer):
    start = serializers.CharField()
    clinic_time = WallClockOutput()
    provider = ProviderOutput()


class SeriesProposalOutput(serializers.Serializer):
    clinic = BookingClinicOutput()
    service = ServiceSummaryOutput()
    sessions = ProposedSessionOutput(many=True)


def proposal_data(clinic, service, proposal) -> dict:
    zone = clinic_zone(clinic)
    return {
        "clinic": clinic,
        "service": service,
        "sessions": [
            {
                "start": utc_text(session.start),
                "clinic_time": wall_clock(session.start, zone),
                "provider": session.provider,
            }
            for session in proposal
        ],
    }


class WorkingSpanOutput(serializers.Serializer):
    start = serializers.CharField()
    end = serializers.CharField()
    clinic_start = WallClockOutput()
    clinic_end = WallClockOutput()


class ScheduleProviderOutput(ProviderOutput):
    hours = WorkingSpanOutput(many=True, help_text="Working hours at this clinic in the period.")


class AppointmentWithRideHomeOutput(AppointmentOutput):
    ride_home = serializers.SerializerMethodField(help_text="Doses only: who takes the patient home, if answered.")

    @extend_schema_field(RideHomeOutput(allow_null=True))
    def get_ride_home(self, appointment):
        status = ride_home_status(appointment)
        return RideHomeOutput(status).data if status is not None else None


class ScheduleOutput(serializers.Serializer):
    clinic = BookingClinicOutput()
    timezone = serializers.CharField(help_text="Every local time in this schedule is in this zone.")
    start = serializers.DateField()
    end = serializers.DateField()
    providers = ScheduleProviderOutput(many=True)
    chairs = ChairOutput(many=True)
    appointments = AppointmentWithRideHomeOutput(many=True)


def schedule_data(schedule) -> dict:
    zone = schedule.zone
    providers = []
    for profile, spans in schedule.providers:
        providers.append(
            {
                "user_id": profile.user_id,
                "display_name": profile.display_name,
                "credentials": profile.credentials,
                "hours": [
                    {
                        "start": utc_text(span.start),
                        "end": utc_text(span.end),
                        "clinic_start": wall_clock(span.start, zone),
                        "clinic_end": wall_clock(span.end, zone),
                    }
                    for span in spans
                ],
            }
        )
    return {
        "clinic": schedule.clinic,
        "timezone": schedule.clinic.timezone,
        "start": schedule.first_day,
        "end": schedule.last_day,
        "providers": providers,
        "chairs": schedule.chairs,
        "appointments": schedule.appointments,
    }


class CalendarFeedOutput(serializers.Serializer):
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="Shown once, when made: keep it private.")
