"""Slot search and read: free times from the slot engine, the same answer the clinic's staff get from
/api/v1/clinics/<slug>/availability, one Slot per start and free provider."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from apps.booking import slots as engine
from apps.booking.selectors.catalogue import MAX_AVAILABILITY_DAYS
from apps.clinics.models import Clinic

from . import selectors
from .errors import BadSearch
from .resources.common import SERVICE_SYSTEM
from .resources.slot import FreeSlot, SlotId
from .search import Bound, SearchParams, date_bounds, reference_ids, token_codes

SLOT_PARAMETERS = {
    "service-type": (
        "token",
        "The service's code (its HealthcareService identifier), e.g. consultation. Required, or service.",
    ),
    "service": ("reference", "The service (HealthcareService/<id>). Required, or service-type."),
    "schedule": ("reference", "One provider's schedule (Schedule/<id>)."),
    "location": ("reference", "The clinic (Location/<id>): the key's own."),
    "start": (
        "date",
        f"The start (ge/gt/le/lt); default the next {settings.FHIR_SLOT_DEFAULT_DAYS} days, "
        f"at most {MAX_AVAILABILITY_DAYS} local days.",
    ),
    "status": ("token", "free: only free times are published."),
}
SLOT_STATUSES = ("free", "busy", "busy-unavailable", "busy-tentative", "entered-in-error")


def free_slots_search(clinic: Clinic, params: SearchParams, *, at: datetime) -> list[FreeSlot]:
    """Every free slot the search names, sorted by start then schedule (a page is cut from it)."""
    zone = ZoneInfo(clinic.timezone)
    service = _service(clinic, params)
    statuses = token_codes(params, "status")
    if statuses is not None and any(status not in SLOT_STATUSES for status in statuses):
        raise BadSearch(f"status: one of {', '.join(SLOT_STATUSES)}.")
    bounds = date_bounds(params, "start", zone)
    schedules = reference_ids(params, "schedule", "Schedule", kind="int")
    locations = reference_ids(params, "location", "Location", kind="int")
    if (
        service is None
        or (statuses is not None and "free" not in statuses)
        or (locations and clinic.pk not in locations)
    ):
        return []
    window = _window(bounds, at)
    if window is None:
        return []
    first_day, last_day = (
        engine.local_date_of(window.start, zone),
        engine.local_date_of(window.end - timedelta(microseconds=1), zone),
    )
    if (last_day - first_day).days >= MAX_AVAILABILITY_DAYS:
        raise BadSearch(f"start: ask for at most {MAX_AVAILABILITY_DAYS} days of the clinic's calendar at a time.")
    provider = None
    if schedules is not None:
        if len(schedules) != 1:
            raise BadSearch("schedule: give one schedule.")
        membership = selectors.fhir_schedules(clinic).filter(pk=schedules[0]).first()
        if membership is None:
            return []
        provider = membership.user.provider_profile
    availability = selectors.fhir_free_times(
        clinic, service=service, first_day=first_day, last_day=last_day, at=at, provider=provider
    )
    schedule_of = selectors.schedule_ids_of(clinic, availability.provider_profiles)
    found = [
        FreeSlot(service=service, schedule_id=schedule_of[profile_id], start=slot.start, zone=zone)
        for slot in availability.slots
        if window.start <= slot.start < window.end
        for profile_id in slot.provider_ids
        if profile_id in schedule_of
    ]
    return sorted(found, key=lambda slot: slot.sort_key)


def free_slot_read(clinic: Clinic, slot_id: SlotId, *, at: datetime) -> FreeSlot | None:
    """The slot an id names, if its provider is still free then: the engine is asked for that day."""
    service = selectors.fhir_healthcare_services(clinic).filter(pk=slot_id.service_id, is_active=True).first()
    membership = selectors.fhir_schedules(clinic).filter(pk=slot_id.schedule_id).first()
    if service is None or membership is None:
        return None
    zone = ZoneInfo(clinic.timezone)
    day = engine.local_date_of(slot_id.start, zone)
    profile = membership.user.provider_profile
    availability = selectors.fhir_free_times(
        clinic, service=service, first_day=day, last_day=day, at=at, provider=profile
    )
    for slot in availability.slots:
        if slot.start == slot_id.start and profile.pk in slot.provider_ids:
            return FreeSlot(service=service, schedule_id=membership.pk, start=slot.start, zone=zone)
    return None


def _service(clinic: Clinic, params: SearchParams):
    codes = token_codes(params, "service-type", system=SERVICE_SYSTEM)
    ids = reference_ids(params, "service", "HealthcareService", kind="int")
    if codes is None and ids is None:
        raise BadSearch("Name the service: service-type=<code> or service=HealthcareService/<id>.")
    services = selectors.fhir_healthcare_services(clinic).filter(is_active=True)
    if codes is not None:
        if len(codes) > 1:
            raise BadSearch("service-type: give one service.")
        services = services.filter(slug__in=codes)
    if ids is not None:
        if len(ids) > 1:
            raise BadSearch("service: give one service.")
        services = services.filter(pk__in=ids)
    return services.first()


def _window(bounds: list[Bound], at: datetime) -> engine.Interval | None:
    """The instants the bounds leave open, from now on (times already past cannot be booked): the
    latest lower bound to the earliest upper one, or the default number of days ahead."""
    start = max([bound.at for bound in bounds if bound.lookup == "gte"] + [at])
    ends = [bound.at for bound in bounds if bound.lookup == "lt"]
    end = min(ends) if ends else start + timedelta(days=settings.FHIR_SLOT_DEFAULT_DAYS)
    return engine.Interval(start, end) if start < end else None
