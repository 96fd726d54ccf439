"""What staff manage of a clinic's availability, and which upcoming appointments a change would strand."""

from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet

from apps.clinics.models import Clinic, ClinicMembership, ProviderLicense, ProviderProfile

from .. import slots
from ..models import (
    Appointment,
    AppointmentQuerySet,
    AppointmentStatus,
    AvailabilityOverride,
    Chair,
    ClinicClosure,
    ServiceType,
    WeeklyHours,
)
from .calendars import closed_days_by_clinic, hours_by_provider_and_clinic, working_time
from .catalogue import clinic_zone


def providers_at_clinic(clinic: Clinic) -> QuerySet[ProviderProfile]:
    """The providers who work at ``clinic`` (an active membership there), as the slot engine counts them."""
    return (
        ProviderProfile.objects.filter(
            user__is_active=True,
            user__memberships__clinic=clinic,
            user__memberships__is_active=True,
        )
        .order_by("display_name", "pk")
        .distinct()
    )


def provider_memberships_at_clinic(clinic: Clinic) -> QuerySet[ClinicMembership]:
    """The memberships of the providers who work at ``clinic`` (``providers_at_clinic``), with each
    provider's licences: what a clinic admin sets about them besides their hours."""
    return (
        ClinicMembership.objects.filter(
            clinic=clinic, is_active=True, user__is_active=True, user__provider_profile__isnull=False
        )
        .select_related("user__provider_profile")
        .prefetch_related(
            Prefetch("user__provider_profile__licenses", queryset=ProviderLicense.objects.order_by("region"))
        )
        .order_by("user__provider_profile__display_name", "user__provider_profile__pk")
    )


def weekly_hours_for_clinic(clinic: Clinic, *, provider: ProviderProfile | None = None) -> QuerySet[WeeklyHours]:
    hours = WeeklyHours.objects.filter(clinic=clinic).select_related("provider")
    if provider is not None:
        hours = hours.filter(provider=provider)
    return hours.order_by("provider__display_name", "provider_id", "weekday", "start_time")


def overrides_for_clinic(
    clinic: Clinic, *, since: date, provider: ProviderProfile | None = None
) -> QuerySet[AvailabilityOverride]:
    """Extra hours and time off at ``clinic`` from ``since`` on. Time off a provider took everywhere
    (no clinic) lists here too, read-only: it is not this clinic's to change."""
    providers = providers_at_clinic(clinic).values("pk")
    overrides = AvailabilityOverride.objects.filter(
        Q(clinic=clinic) | Q(clinic__isnull=True, provider__in=providers), date__gte=since
    ).select_related("provider")
    if provider is not None:
        overrides = overrides.filter(provider=provider)
    return overrides.order_by("date", "start_time", "provider__display_name")


def closures_for_clinic(clinic: Clinic, *, since: date) -> QuerySet[ClinicClosure]:
    return ClinicClosure.objects.filter(clinic=clinic, ends_on__gte=since).order_by("starts_on")


def chairs_for_clinic(clinic: Clinic) -> QuerySet[Chair]:
    """Every chair of the clinic, the ones out of use too (after those in use)."""
    return Chair.objects.filter(clinic=clinic).order_by("-is_active", "name")


def service_types_for_clinic(clinic: Clinic) -> QuerySet[ServiceType]:
    """Every service of the clinic, the inactive ones too: what staff manage (patients see
    ``services_for_clinic``)."""
    return ServiceType.objects.filter(clinic=clinic).order_by("-is_active", "kind", "name")


def upcoming_appointments(appointments: AppointmentQuerySet, *, at: datetime) -> list[Appointment]:
    """Of ``appointments``, those still to come that hold time (booked, held or checked in)."""
    upcoming = (
        appointments.occupying(at)
        .exclude(status=AppointmentStatus.COMPLETED)
        .filter(recovery_ends_at__gt=at)
        .select_related("service", "clinic", "provider", "patient__patient_profile")
        .order_by("starts_at")
    )
    return list(upcoming)


def appointments_outside_availability(appointments: list[Appointment]) -> set:
    """The ids of ``appointments`` (all of one organization) the slot engine would not place today:
    the visit is not inside its provider's working time (at its clinic, or at any clinic of the
    organization for a video visit) or falls on a day its clinic is closed. Read with the same rules
    as ``booking_context``, in four queries whatever the number of appointments."""
    if not appointments:
        return set()
    profiles = {appointment.provider_id: appointment.provider for appointment in appointments}
    hours = hours_by_provider_and_clinic(appointments[0].clinic, profiles, anywhere_in_organization=True)
    window = slots.Interval(
        min(appointment.starts_at for appointment in appointments) - timedelta(days=1),
        max(appointment.recovery_ends_at for appointment in appointments) + timedelta(days=1),
    )
    clinic_ids = {appointment.clinic_id for appointment in appointments} | {clinic_id for _, clinic_id in hours}
    one_day = timedelta(days=1)
    closed_days = closed_days_by_clinic(clinic_ids, window.start.date() - one_day, window.end.date() + one_day)
    working: dict[tuple[int, int | None], slots.IntervalSet] = {}
    outside = set()
    for appointment in appointments:
        # A video visit may use the provider's hours at any clinic; an in-person one only its own.
        scope = None if appointment.service.is_telehealth else appointment.clinic_id
        key = (appointment.provider_id, scope)
        if key not in working:
            in_scope = {k: v for k, v in hours.items() if scope is None or k[1] == scope}
            working[key] = slots.IntervalSet(working_time(appointment.provider_id, in_scope, closed_days, window))
        visit = slots.Interval(appointment.starts_at, appointment.recovery_ends_at)
        zone = clinic_zone(appointment.clinic)
        closed_here = closed_days.get(appointment.clinic_id, ())
        closed = slots.IntervalSet(slots.local_days(day, day, zone) for day in closed_here)
        if not working[key].covers(visit) or closed.overlaps(visit):
            outside.add(appointment.pk)
    return outside
