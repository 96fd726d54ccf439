"""The clinic's schedule, and the appointment as the drawer opened from it reads it."""

from collections import defaultdict

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.booking.models import AppointmentStatus
from apps.booking.ride_home import RIDE_HOME_STATUS_CHOICES, ride_home_status
from apps.booking.selectors.schedule import ClinicSchedule, ScheduledAppointment

from .appointments import AppointmentOutput, ChairOutput
from .catalogue import BookingClinicOutput, ProviderOutput, ServiceSummaryOutput
from .instants import utc_text
from .visits import RideHomeOutput


class ScheduleQuery(serializers.Serializer):
    date = serializers.DateField(help_text="First local date (the clinic's time zone).")
    days = serializers.IntegerField(min_value=1, max_value=7, default=1, help_text="1 for a day, 7 for a week.")
    include_cancelled = serializers.BooleanField(default=False)


class WorkingSpanOutput(serializers.Serializer):
    start = serializers.DateTimeField(help_text="UTC")
    end = serializers.DateTimeField(help_text="UTC")


class ScheduleAppointmentOutput(serializers.Serializer):
    """One appointment as its box on the schedule shows it; everything else about it is the answer of
    GET /api/v1/appointments/{id}."""

    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    start = serializers.DateTimeField(help_text="UTC")
    end = serializers.DateTimeField(help_text="End of the session (the provider's time), UTC")
    visit_end = serializers.DateTimeField(help_text="End of the recovery (the chair's and patient's time), UTC")
    patient_name = serializers.CharField()
    chair = serializers.IntegerField(allow_null=True, help_text="The id of one of the schedule's chairs.")
    service = serializers.SlugField(help_text="The slug of one of the schedule's services.")
    ride_home = serializers.ChoiceField(
        choices=RIDE_HOME_STATUS_CHOICES, allow_null=True, help_text="Doses only: how the patient's ride home stands."
    )


class ScheduleProviderOutput(ProviderOutput):
    hours = WorkingSpanOutput(many=True, help_text="Working hours at this clinic in the period.")
    appointments = ScheduleAppointmentOutput(many=True, help_text="This provider's appointments, by start.")


class ScheduleOutput(serializers.Serializer):
    """A provider's appointments are listed under the provider, and name their chair and service by the
    id or slug of one listed once: a busy week has hundreds of appointments and only a few of those."""

    clinic = BookingClinicOutput()
    timezone = serializers.CharField(help_text="The schedule's days are local days in this zone.")
    start = serializers.DateField()
    end = serializers.DateField()
    providers = ScheduleProviderOutput(many=True)
    chairs = ChairOutput(many=True)
    services = ServiceSummaryOutput(many=True, help_text="The services of the appointments listed.")


def schedule_data(schedule: ClinicSchedule) -> dict:
    """The answer ``ScheduleOutput`` documents, built directly: the appointments are plain rows, and a
    serializer's fields would cost more than everything else the request does."""
    by_provider = defaultdict(list)
    for appointment in schedule.appointments:
        by_provider[appointment.provider_id].append(_appointment_data(appointment))
    clinic = schedule.clinic
    return {
        "clinic": {"slug": clinic.slug, "name": clinic.name, "timezone": clinic.timezone},
        "timezone": clinic.timezone,
        "start": schedule.first_day.isoformat(),
        "end": schedule.last_day.isoformat(),
        "providers": [
            {
                "id": str(profile.user_id),
                "display_name": profile.display_name,
                "credentials": profile.credentials,
                "hours": [{"start": utc_text(span.start), "end": utc_text(span.end)} for span in spans],
                "appointments": by_provider[profile.pk],
            }
            for profile, spans in schedule.providers
        ],
        "chairs": [{"id": chair.pk, "name": chair.name} for chair in schedule.chairs],
        "services": [
            {
                "slug": service.slug,
                "name": service.name,
                "kind": service.kind,
                "modality": service.modality,
                "route": service.route,
            }
            for service in schedule.services
        ],
    }


def _appointment_data(appointment: ScheduledAppointment) -> dict:
    return {
        "id": str(appointment.pk),
        "status": appointment.status,
        "start": utc_text(appointment.starts_at),
        "end": utc_text(appointment.ends_at),
        "visit_end": utc_text(appointment.recovery_ends_at),
        "patient_name": appointment.patient_name,
        "chair": appointment.chair_id,
        "service": appointment.service,
        "ride_home": appointment.ride_home,
    }


class AppointmentWithRideHomeOutput(AppointmentOutput):
    ride_home = serializers.SerializerMethodField(help_text="Doses only: who takes the patient home, if answered.")

    @extend_schema_field(RideHomeOutput(allow_null=True))
    def get_ride_home(self, appointment):
        status = ride_home_status(appointment)
        return RideHomeOutput(status).data if status is not None else None
