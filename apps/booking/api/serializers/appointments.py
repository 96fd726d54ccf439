"""Appointments: booking one, moving it, changing its status, lists and their output."""

from zoneinfo import ZoneInfo

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.models import validate_region_code
from apps.booking.models import AppointmentStatus
from apps.booking.policy import cancellation_window_opens
from apps.booking.selectors.catalogue import clinic_zone
from apps.booking.telehealth import room_opens_at

from .catalogue import BookingClinicOutput, ProviderOutput, ServiceSummaryOutput
from .instants import AwareDateTimeField, WallClockOutput, utc_text, wall_clock

VISIT_REGION_HELP = (
    "Video visits: where the patient will be during the visit, an ISO 3166-2 code such as US-NY (care is "
    "rendered there, so only providers licensed there are offered)."
)


def visit_region_field(help_text: str = VISIT_REGION_HELP, **kwargs):
    return serializers.CharField(
        max_length=10,
        validators=[validate_region_code],
        required=False,
        default="",
        allow_blank=True,  # the default: at the clinic
        help_text=help_text,
        **kwargs,
    )


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


class TransitionInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    accepted_quote = AcceptedQuoteInput(
        required=False,
        help_text="A patient cancelling: the refund and fee of the quote they were shown "
        "(GET …/cancellation-quote). Needed when cancelling keeps money or charges a fee; other amounts "
        "now answer 409 cancellation_quote_changed with the new quote, and nothing is cancelled.",
    )


class AppointmentListQuery(serializers.Serializer):
    upcoming = serializers.BooleanField(default=True, help_text="Only appointments that have not ended yet.")


class PatientAppointmentListQuery(serializers.Serializer):
    when = serializers.ChoiceField(
        choices=["upcoming", "past"],
        default="upcoming",
        help_text="upcoming: booked and not over yet, soonest first; past: over or cancelled, latest first.",
    )


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
    previous_provider = serializers.CharField(source="previous_provider.display_name", default=None, allow_null=True)
    reason = serializers.CharField()

    def get_by(self, event) -> str:
        if event.actor_id is None:
            return "system"
        return "patient" if event.actor_id == event.appointment.patient_id else "clinic"
