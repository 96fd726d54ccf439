"""Treatment series: the proposal asked for and made, the booking and its answer."""

from rest_framework import serializers

from apps.booking.models import INDUCTION_SESSIONS, INDUCTION_WINDOW_DAYS
from apps.booking.selectors.catalogue import MAX_AVAILABILITY_DAYS, clinic_zone
from apps.booking.services.series import MAX_SERIES_SESSIONS

from .appointments import WILL_NOT_DRIVE_HELP, AppointmentOutput
from .catalogue import BookingClinicOutput, ProviderOutput, ServiceSummaryOutput
from .instants import AwareDateTimeField, WallClockOutput, utc_text, wall_clock


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
