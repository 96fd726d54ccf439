"""A proposed treatment series: one session a day, spread over the induction window."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from apps.clinics.models import Clinic, ProviderProfile

from .. import slots
from ..errors import SeriesUnavailable
from ..models import INDUCTION_SESSIONS, INDUCTION_WINDOW_DAYS, ServiceType
from .availability import Availability, availability_for


@dataclass(frozen=True)
class ProposedSession:
    start: datetime
    provider: ProviderProfile


def series_proposal(
    *,
    clinic: Clinic,
    service: ServiceType,
    first_day: date,
    at: datetime,
    patient=None,
    provider: ProviderProfile | None = None,
    patient_rules: bool = True,
    sessions: int = INDUCTION_SESSIONS,
    within_days: int = INDUCTION_WINDOW_DAYS,
    preferred_time: time | None = None,
) -> list[ProposedSession]:
    """A schedule for a series from what is free: ``sessions`` sessions on different local days within
    ``within_days`` days from ``first_day``. Sessions are spread evenly over the window when they can be
    (else packed onto the earliest free days), each at the time of day nearest ``preferred_time``
    (default: the first session's), with the same provider whenever they are free."""
    availability = availability_for(
        clinic=clinic,
        service=service,
        first_day=first_day,
        last_day=first_day + timedelta(days=within_days - 1),
        at=at,
        patient=patient,
        provider=provider,
        patient_rules=patient_rules,
    )
    by_day: dict[date, list[slots.Slot]] = defaultdict(list)
    for slot in availability.slots:
        by_day[slots.local_date_of(slot.start, availability.zone)].append(slot)
    free_days = sorted(by_day)
    best: list[date] = []
    for spread in (True, False):
        days = _series_days(free_days, first_day, sessions, within_days, spread=spread)
        if len(days) == sessions:
            return _series_sessions(days, by_day, availability, preferred_time)
        best = max(best, days, key=len)
    raise SeriesUnavailable(
        f"Only {len(best)} of {sessions} sessions can be fitted between {first_day:%d %b} and "
        f"{first_day + timedelta(days=within_days - 1):%d %b}. Try a later start or ask the clinic.",
        extra={"sessions_found": len(best)},
    )


def _series_days(
    free_days: list[date], first_day: date, sessions: int, within_days: int, *, spread: bool
) -> list[date]:
    chosen: list[date] = []
    for index in range(sessions):
        earliest = first_day + timedelta(days=index * within_days // sessions) if spread else first_day
        if chosen:
            earliest = max(earliest, chosen[-1] + timedelta(days=1))
        day = next((free_day for free_day in free_days if free_day >= earliest), None)
        if day is None:
            break
        chosen.append(day)
    return chosen


def _series_sessions(days, by_day, availability: Availability, preferred_time: time | None) -> list[ProposedSession]:
    def minute_of_day(slot):
        local = slot.start.astimezone(availability.zone)
        return local.hour * 60 + local.minute

    proposal: list[ProposedSession] = []
    preferred_minute = preferred_time.hour * 60 + preferred_time.minute if preferred_time else None
    provider_id = None
    for day in days:
        slot = min(
            by_day[day],
            key=lambda slot: (
                provider_id is not None and provider_id not in slot.provider_ids,
                abs(minute_of_day(slot) - preferred_minute) if preferred_minute is not None else 0,
                slot.start,
            ),
        )
        if preferred_minute is None:
            preferred_minute = minute_of_day(slot)
        if provider_id is None or provider_id not in slot.provider_ids:
            provider_id = slot.provider_ids[0]
        proposal.append(ProposedSession(slot.start, availability.provider_profiles[provider_id]))
    return proposal
