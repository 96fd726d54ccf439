"""Free times: what a patient (under the patient rules) or staff may book, cached until a change."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from apps.clinics.models import Clinic, ProviderProfile

from .. import availability_cache, slots
from ..models import Appointment, ServiceType
from .calendars import booking_context, overlapping, time_needed
from .catalogue import clinic_zone, telehealth_region, timing_of


@dataclass(frozen=True)
class BookingLimits:
    """When a start may be booked: patients need the service's minimum notice and stay within its
    horizon; staff may book anything from now on."""

    earliest: datetime
    latest: datetime | None

    @classmethod
    def for_caller(cls, service: ServiceType, *, at: datetime, patient_rules: bool) -> "BookingLimits":
        if not patient_rules:
            return cls(earliest=at, latest=None)
        return cls(
            earliest=at + timedelta(minutes=service.minimum_notice_minutes),
            latest=at + timedelta(days=service.horizon_days),
        )

    def allows(self, start: datetime) -> bool:
        return start >= self.earliest and (self.latest is None or start <= self.latest)


@dataclass
class Availability:
    clinic: Clinic
    service: ServiceType
    zone: ZoneInfo
    first_day: date
    last_day: date
    slots: list[slots.Slot]
    provider_profiles: dict[int, ProviderProfile]


def availability_for(
    *,
    clinic: Clinic,
    service: ServiceType,
    first_day: date,
    last_day: date,
    at: datetime,
    patient=None,
    provider: ProviderProfile | None = None,
    patient_rules: bool = True,
    visit_region: str = "",
) -> Availability:
    """Bookable starts on the clinic's local dates ``first_day``..``last_day`` (inclusive): what is
    free for anyone (cached, see ``availability_cache``), less what this caller may not book."""
    zone = clinic_zone(clinic)
    visits = slots.local_days(first_day, last_day, zone)
    timing = timing_of(service)
    free, profiles = _free_for_anyone(
        clinic, service, first_day, last_day, at, patient=patient, provider=provider, visit_region=visit_region
    )
    limits = BookingLimits.for_caller(service, at=at, patient_rules=patient_rules)
    found = [slot for slot in free if limits.allows(slot.start)]
    if patient is not None:
        patient_busy = _patient_busy(patient, time_needed(visits, timing), at)
        found = [slot for slot in found if not patient_busy.overlaps(timing.visit(slot.start))]
    return Availability(clinic, service, zone, first_day, last_day, found, profiles)


def _free_for_anyone(
    clinic, service, first_day, last_day, at, *, patient, provider, visit_region
) -> tuple[list[slots.Slot], dict]:
    """The starts on the local days ``first_day``..``last_day`` free for anyone, whenever, with the
    profiles of their providers.
    A video visit's providers depend on where the patient will be (licences): the only part of the
    patient that counts here."""
    region = telehealth_region(clinic, patient, visit_region) if service.is_telehealth else ""
    zone = clinic_zone(clinic)
    visits = slots.local_days(first_day, last_day, zone)

    def compute():
        context = booking_context(
            clinic=clinic,
            service=service,
            visits=visits,
            at=at,
            patient=patient if service.is_telehealth else None,
            provider=provider,
            visit_region=region,
        )
        free = slots.available_slots(
            slots.grid_starts(first_day, last_day, zone, service.slot_step_minutes),
            timing=context.timing,
            providers=context.providers,
            chairs=context.chairs,
            blocked=context.blocked,
        )
        return (free, context.provider_profiles), context.holds_lapse_at

    window = time_needed(visits, timing_of(service))
    return availability_cache.cached_or_computed(
        organization_id=clinic.organization_id,
        window=(window.start, window.end),
        parts=(clinic.pk, service.pk, first_day, last_day, provider.pk if provider else "", region),
        at=at,
        compute=compute,
    )


def _patient_busy(patient, window: slots.Interval, at: datetime) -> slots.IntervalSet:
    visits = (
        Appointment.objects.occupying(at)
        .filter(overlapping("starts_at", "recovery_ends_at", window), patient=patient)
        .values_list("starts_at", "recovery_ends_at")
    )
    return slots.IntervalSet(slots.Interval(start, end) for start, end in visits)
