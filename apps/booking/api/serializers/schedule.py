"""The clinic's schedule."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.booking.ride_home import ride_home_status

from .appointments import AppointmentOutput, ChairOutput
from .catalogue import BookingClinicOutput, ProviderOutput
from .instants import WallClockOutput, utc_text, wall_clock
from .visits import RideHomeOutput


class ScheduleQuery(serializers.Serializer):
    date = serializers.DateField(help_text="First local date (the clinic's time zone).")
    days = serializers.IntegerField(min_value=1, max_value=7, default=1, help_text="1 for a day, 7 for a week.")
    include_cancelled = serializers.BooleanField(default=False)


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
