"""Changes to what can be booked: weekly hours, overrides, closures, chairs and services.

Every change goes through these functions. A change that would leave an upcoming appointment outside
the new availability is refused as a whole (409 ``would_orphan_appointments``, naming them): the
change is made inside the transaction, the affected appointments are checked against it with the slot
engine's own rules, and a refusal rolls it back. Each function tells the availability cache (``availability_changed``,
on commit), so the next availability query sees the change; the admin shows these rows read-only."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from apps.clinics.models import Clinic, ProviderProfile
from apps.core import clock
from apps.core.exceptions import ApplicationError

from .. import slots
from ..availability_cache import availability_changed
from ..errors import HoursOverlap, NameTaken, WouldOrphanAppointments
from ..models import (
    DOSE_KINDS,
    Appointment,
    AppointmentQuerySet,
    AvailabilityOverride,
    Chair,
    ClinicClosure,
    Modality,
    OverrideKind,
    ServiceType,
    WeeklyHours,
)
from ..selectors.availability_settings import appointments_outside_availability, upcoming_appointments
from ..selectors.catalogue import clinic_today, clinic_zone

T = TypeVar("T")


# Two Mondays, in winter and in summer time: weekly hours at clinics in different zones are compared
# as the instants they mean in both seasons, since zones change their clocks on different dates.
_REFERENCE_MONDAYS = (date(2026, 1, 5), date(2026, 7, 6))


def _refuse_orphans(candidates: AppointmentQuerySet, change: Callable[[], T]) -> T:
    """Make ``change``, then refuse it if an upcoming appointment among ``candidates`` that fitted the
    availability before no longer does (one that already did not fit is not this change's doing)."""
    appointments = upcoming_appointments(candidates, at=clock.now())
    outside_before = appointments_outside_availability(appointments)
    result = change()
    outside_after = appointments_outside_availability(appointments)
    orphaned = [a for a in appointments if a.pk in outside_after and a.pk not in outside_before]
    if orphaned:
        raise WouldOrphanAppointments(orphaned)
    return result


def _refuse_any(candidates: AppointmentQuerySet, message: str) -> None:
    """Refuse a change that takes away what every upcoming appointment among ``candidates`` uses."""
    affected = upcoming_appointments(candidates, at=clock.now())
    if affected:
        raise WouldOrphanAppointments(affected, message)


def _provider_appointments(provider: ProviderProfile, clinic: Clinic) -> AppointmentQuerySet:
    """The appointments a change to ``provider``'s hours at ``clinic`` may touch: theirs anywhere in
    the organization (a video visit may use their hours at any of its clinics)."""
    return Appointment.objects.filter(provider=provider, clinic__organization_id=clinic.organization_id)


def _lock_provider(provider: ProviderProfile) -> None:
    """One change to a provider's hours at a time, whichever clinic makes it: the overlap check and
    the orphan check read what the other would change."""
    ProviderProfile.objects.select_for_update().filter(pk=provider.pk).first()


def _lock_clinic(clinic: Clinic) -> None:
    Clinic.objects.select_for_update().filter(pk=clinic.pk).first()


def _not_before_today(clinic: Clinic, day: date, field: str) -> None:
    if day < clinic_today(clinic, at=clock.now()):
        message = "Choose today or a later date."
        raise ApplicationError(message, fields={field: [message]})


def _weekly_spans(weekday: int, start, end, zone, *, weeks=(0,)) -> list[slots.Interval]:
    return [
        slots.local_span(monday + timedelta(days=weekday + 7 * week), start, end, zone)
        for monday in _REFERENCE_MONDAYS
        for week in weeks
    ]


def _check_hours_do_not_overlap(hours: WeeklyHours) -> None:
    """A provider is in one place at a time: their weekly hours at this clinic and at any other clinic
    of the organization may not overlap (compared as instants, each clinic in its own zone)."""
    others = (
        WeeklyHours.objects.filter(provider=hours.provider, clinic__organization_id=hours.clinic.organization_id)
        .exclude(pk=hours.pk)
        .select_related("clinic")
        .order_by("weekday", "start_time")
    )
    zone = clinic_zone(hours.clinic)
    spans = _weekly_spans(hours.weekday, hours.start_time, hours.end_time, zone)
    for other in others:
        other_spans = _weekly_spans(
            other.weekday, other.start_time, other.end_time, clinic_zone(other.clinic), weeks=(-1, 0, 1)
        )
        if any(span.overlaps(other_span) for span in spans for other_span in other_spans):
            where = "" if other.clinic_id == hours.clinic_id else f" at {other.clinic.name}"
            message = (
                f"{hours.provider.display_name} already works {other.get_weekday_display()} "
                f"{other.start_time:%H:%M}–{other.end_time:%H:%M}{where}. Shifts may not overlap."
            )
            raise HoursOverlap(message, fields={"start_time": [message]})


def _save_hours(hours: WeeklyHours) -> WeeklyHours:
    try:
        with transaction.atomic():
            hours.save()
    except IntegrityError as error:
        # On PostgreSQL an exclusion constraint (migration 0004) refuses an overlap that a concurrent
        # change slipped in at the same clinic; the checks above see it on a retry.
        message = "These hours overlap others saved a moment ago. Reload and try again."
        raise HoursOverlap(message, fields={"start_time": [message]}) from error
    return hours


@transaction.atomic
def weekly_hours_create(
    *, clinic: Clinic, provider: ProviderProfile, weekday: int, start_time, end_time
) -> WeeklyHours:
    availability_changed(clinic)
    _lock_provider(provider)
    hours = WeeklyHours(provider=provider, clinic=clinic, weekday=weekday, start_time=start_time, end_time=end_time)
    _check_hours_do_not_overlap(hours)
    return _save_hours(hours)


@transaction.atomic
def weekly_hours_update(*, hours: WeeklyHours, weekday: int, start_time, end_time) -> WeeklyHours:
    availability_changed(hours.clinic)
    _lock_provider(hours.provider)
    hours.weekday, hours.start_time, hours.end_time = weekday, start_time, end_time
    _check_hours_do_not_overlap(hours)
    return _refuse_orphans(_provider_appointments(hours.provider, hours.clinic), lambda: _save_hours(hours))


@transaction.atomic
def weekly_hours_delete(*, hours: WeeklyHours) -> None:
    availability_changed(hours.clinic)
    _lock_provider(hours.provider)
    _refuse_orphans(_provider_appointments(hours.provider, hours.clinic), hours.delete)


def _check_override(override: AvailabilityOverride, clinic: Clinic) -> None:
    _not_before_today(clinic, override.date, "date")
    if override.kind == OverrideKind.EXTRA_HOURS and override.start_time is None:
        message = "Extra hours need a start and an end time."
        raise ApplicationError(message, fields={"start_time": [message]})


@transaction.atomic
def override_create(
    *, clinic: Clinic, provider: ProviderProfile, kind: str, date: date, start_time=None, end_time=None, note=""
) -> AvailabilityOverride:
    """Extra hours or time off for ``provider`` at ``clinic`` on one local date (time off without
    times is the whole day). Time off that would strand a booked appointment is refused."""
    availability_changed(clinic)
    _lock_provider(provider)
    override = AvailabilityOverride(
        provider=provider,
        clinic=clinic,
        kind=kind,
        date=date,
        start_time=start_time,
        end_time=end_time,
        note=note,
    )
    _check_override(override, clinic)
    return _refuse_orphans(_provider_appointments(provider, clinic), lambda: _saved(override))


@transaction.atomic
def override_update(
    *,
    clinic: Clinic,
    override: AvailabilityOverride,
    kind: str,
    date: date,
    start_time=None,
    end_time=None,
    note="",
) -> AvailabilityOverride:
    """Change an override made at ``clinic`` (time off taken everywhere is not a clinic's to change)."""
    availability_changed(clinic)
    _lock_provider(override.provider)
    override.kind, override.date, override.note = kind, date, note
    override.start_time, override.end_time = start_time, end_time
    _check_override(override, clinic)
    return _refuse_orphans(_provider_appointments(override.provider, clinic), lambda: _saved(override))


@transaction.atomic
def override_delete(*, clinic: Clinic, override: AvailabilityOverride) -> None:
    availability_changed(clinic)
    _lock_provider(override.provider)
    _refuse_orphans(_provider_appointments(override.provider, clinic), override.delete)


def _saved(instance):
    instance.save()
    return instance


def _closure_appointments(clinic: Clinic) -> AppointmentQuerySet:
    """What a closure may touch: visits at the clinic, and video visits of providers whose hours there
    lapse while it is closed."""
    providers_with_hours = WeeklyHours.objects.filter(clinic=clinic).values("provider_id")
    return Appointment.objects.filter(
        Q(clinic=clinic) | Q(provider_id__in=providers_with_hours, clinic__organization_id=clinic.organization_id)
    )


MAX_CLOSURE_DAYS = 366


def _check_closure(closure: ClinicClosure) -> None:
    _not_before_today(closure.clinic, closure.ends_on, "ends_on")
    if (closure.ends_on - closure.starts_on).days >= MAX_CLOSURE_DAYS:
        message = f"A closure lasts at most {MAX_CLOSURE_DAYS} days; deactivate the clinic for longer."
        raise ApplicationError(message, fields={"ends_on": [message]})


@transaction.atomic
def closure_create(*, clinic: Clinic, starts_on: date, ends_on: date, reason: str = "") -> ClinicClosure:
    availability_changed(clinic)
    _lock_clinic(clinic)
    closure = ClinicClosure(clinic=clinic, starts_on=starts_on, ends_on=ends_on, reason=reason)
    _check_closure(closure)
    return _refuse_orphans(_closure_appointments(clinic), lambda: _saved(closure))


@transaction.atomic
def closure_update(*, closure: ClinicClosure, starts_on: date, ends_on: date, reason: str = "") -> ClinicClosure:
    availability_changed(closure.clinic)
    _lock_clinic(closure.clinic)
    closure.starts_on, closure.ends_on, closure.reason = starts_on, ends_on, reason
    _check_closure(closure)
    return _refuse_orphans(_closure_appointments(closure.clinic), lambda: _saved(closure))


@transaction.atomic
def closure_delete(*, closure: ClinicClosure) -> None:
    availability_changed(closure.clinic)
    closure.delete()


def _save_unique(instance, field: str, message: str):
    """Save ``instance``; a unique constraint on ``field`` that refuses it is a 409 on that field."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise NameTaken(message, fields={field: [message]}) from error
    return instance


@transaction.atomic
def chair_create(*, clinic: Clinic, name: str) -> Chair:
    availability_changed(clinic)
    return _save_unique(Chair(clinic=clinic, name=name), "name", "This clinic already has a chair with this name.")


@transaction.atomic
def chair_update(*, chair: Chair, name: str | None = None, is_active: bool | None = None) -> Chair:
    """Rename a chair or take it out of (or back into) use. A chair out of use takes no bookings: one
    still booked for upcoming sessions is refused, naming them."""
    availability_changed(chair.clinic)
    if name is not None:
        chair.name = name
    if is_active is not None:
        if chair.is_active and not is_active:
            _refuse_any(
                Appointment.objects.filter(chair=chair),
                f"{chair.name} is booked for upcoming sessions. Move them to another chair or cancel them first.",
            )
        chair.is_active = is_active
    return _save_unique(chair, "name", "This clinic already has a chair with this name.")


# What changes how an upcoming appointment of the service takes place: not allowed while some are booked.
_SERVICE_SHAPE_FIELDS = ("modality", "needs_chair", "kind", "route")


def _check_service(service: ServiceType) -> None:
    """The rules of the database's constraints, as field errors the form can show."""
    fields: dict[str, list[str]] = {}
    is_dose = service.kind in DOSE_KINDS
    if is_dose and not service.route:
        fields["route"] = ["Dosing sessions and boosters need a route."]
    if not is_dose and service.route:
        fields["route"] = ["Only dosing sessions and boosters have a route."]
    if service.modality == Modality.TELEHEALTH:
        if service.needs_chair:
            fields["needs_chair"] = ["A video visit does not use a chair."]
        if service.recovery_minutes:
            fields["recovery_minutes"] = ["A video visit has no monitored recovery."]
    if fields:
        raise ApplicationError("Some of the information is not valid.", fields=fields)


SLUG_TAKEN = "This clinic already has a service with this short name."


@transaction.atomic
def service_type_create(*, clinic: Clinic, **values) -> ServiceType:
    availability_changed(clinic)
    service = ServiceType(clinic=clinic, **values)
    if not service.slug:
        service.slug = slugify(service.name)[:60] or "service"
    _check_service(service)
    return _save_unique(service, "slug", SLUG_TAKEN)


@transaction.atomic
def service_type_update(*, service: ServiceType, **changes) -> ServiceType:
    """Change a service's settings or price. Upcoming appointments keep the times they were booked
    with; a service still booked cannot be taken out of use or change how it takes place."""
    availability_changed(service.clinic)
    ServiceType.objects.select_for_update().filter(pk=service.pk).first()
    reshaped = any(name in changes and changes[name] != getattr(service, name) for name in _SERVICE_SHAPE_FIELDS)
    retired = service.is_active and changes.get("is_active") is False
    if reshaped or retired:
        _refuse_any(
            Appointment.objects.filter(service=service),
            f"{service.name} is booked for upcoming appointments. Move or cancel them first.",
        )
    for name, value in changes.items():
        setattr(service, name, value)
    _check_service(service)
    return _save_unique(service, "slug", SLUG_TAKEN)
