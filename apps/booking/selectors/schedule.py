"""The clinic's schedule: a day or a week across providers and chairs, read in a fixed number of
queries. A busy week lists hundreds of appointments, so they are read as a projection of the columns
the schedule shows (one row each, no model instances); the rest of an appointment is its own read."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Q

from apps.clinics.models import Clinic, ProviderProfile

from .. import slots
from ..models import Appointment, AppointmentStatus, Chair
from ..ride_home import ride_home_answer_status
from .calendars import closed_days_by_clinic, hours_by_provider_and_clinic, overlapping, working_time
from .catalogue import clinic_zone


@dataclass(frozen=True, slots=True)
class ScheduledService:
    slug: str
    name: str
    kind: str
    modality: str
    route: str


@dataclass(frozen=True, slots=True)
class ScheduledAppointment:
    """One appointment as the schedule shows it. ``pk`` and ``patient_id`` are what its audit row needs."""

    pk: UUID
    status: str
    starts_at: datetime
    ends_at: datetime
    recovery_ends_at: datetime
    patient_id: UUID
    patient_name: str
    provider_id: int
    chair_id: int | None
    service: str  # the slug of one of the schedule's services
    ride_home: str | None  # doses only: ``ride_home_answer_status``


@dataclass
class ClinicSchedule:
    clinic: Clinic
    zone: ZoneInfo
    first_day: date
    last_day: date
    providers: list[tuple[ProviderProfile, list[slots.Interval]]]
    chairs: list[Chair]
    services: list[ScheduledService]  # those of the appointments, each once
    appointments: list[ScheduledAppointment]  # by start


_COLUMNS = (
    "pk",
    "status",
    "starts_at",
    "ends_at",
    "recovery_ends_at",
    "patient_id",
    "patient__email",
    "patient__patient_profile__preferred_name",
    "patient__patient_profile__legal_name",
    "provider_id",
    "chair_id",
    "service__slug",
    "service__name",
    "service__kind",
    "service__modality",
    "service__route",
    "ride_home__answer",
)


def clinic_schedule(
    *, clinic: Clinic, first_day: date, last_day: date, include_cancelled: bool = False
) -> ClinicSchedule:
    """A clinic's days across providers and chairs: who works when (hours at this clinic), the chairs,
    and every appointment booked at the clinic, in a fixed number of queries."""
    zone = clinic_zone(clinic)
    days = slots.local_days(first_day, last_day, zone)
    appointments = Appointment.objects.filter(overlapping("starts_at", "recovery_ends_at", days), clinic=clinic)
    if not include_cancelled:
        appointments = appointments.exclude(status=AppointmentStatus.CANCELLED)
    services: dict[str, ScheduledService] = {}
    booked = [_scheduled(row, services) for row in appointments.order_by("starts_at", "pk").values_list(*_COLUMNS)]

    profiles = {
        profile.pk: profile
        for profile in ProviderProfile.objects.filter(
            Q(user__memberships__clinic=clinic, user__memberships__is_active=True)
            | Q(pk__in={appointment.provider_id for appointment in booked})
        ).distinct()
    }
    hours = hours_by_provider_and_clinic(clinic, profiles, anywhere_in_organization=False)
    closed_days = closed_days_by_clinic([clinic.pk], first_day, last_day)
    providers = [
        (profile, slots.intersect(working_time(profile.pk, hours, closed_days, days), days))
        for profile in sorted(profiles.values(), key=lambda profile: profile.display_name)
    ]
    chairs = list(Chair.objects.filter(clinic=clinic, is_active=True).order_by("name"))
    listed_services = sorted(services.values(), key=lambda service: service.name)
    return ClinicSchedule(clinic, zone, first_day, last_day, providers, chairs, listed_services, booked)


def _scheduled(row: tuple, services: dict[str, ScheduledService]) -> ScheduledAppointment:
    """One projected row; its service joins ``services`` the first time it is seen. The columns come
    with every row, which costs less than a query of their own for the few services a clinic has."""
    (pk, status, starts_at, ends_at, recovery_ends_at, patient_id, email, preferred_name, legal_name,
     provider_id, chair_id, slug, service_name, kind, modality, route, ride_home_answer) = row  # fmt: skip
    if slug not in services:
        services[slug] = ScheduledService(slug, service_name, kind, modality, route)
    return ScheduledAppointment(
        pk=pk,
        status=status,
        starts_at=starts_at,
        ends_at=ends_at,
        recovery_ends_at=recovery_ends_at,
        patient_id=patient_id,
        # User.display_name, from the projected columns (a patient may have no profile).
        patient_name=preferred_name or legal_name or email.split("@")[0],
        provider_id=provider_id,
        chair_id=chair_id,
        service=slug,
        ride_home=ride_home_answer_status(kind, ride_home_answer),
    )
