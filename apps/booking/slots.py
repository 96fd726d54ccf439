"""The slot engine: pure interval arithmetic on aware datetimes. Nothing here touches the database;
selectors fetch the data and hand it over.

Intervals are half-open ``[start, end)`` so that one appointment may end exactly when the next begins,
the same rule as the PostgreSQL exclusion constraints (``tstzrange(..., '[)')``).

Local wall-clock times and daylight saving, the rules in one place:

- The grid: candidate starts are the instants whose wall-clock time in the clinic's zone is a
  multiple of the step from local midnight (every 15 minutes from the top of the *local* hour), so
  a half-hour zone such as Asia/Kolkata or Australia/Lord_Howe gets :00/:15/:30/:45 local too.
- A wall time that does not exist (the hour skipped when clocks go forward) is never offered.
- A wall time that occurs twice (the hour repeated when clocks go back) is offered at *both* instants;
  each slot carries its UTC offset, so the two are told apart ("01:30 -04:00" and "01:30 -05:00").
- A wall-clock boundary (a shift's start or end, midnight) that occurs twice means its *first*
  occurrence; one that falls in the skipped hour means the instant the clocks jump.
- Working hours are wall-clock times converted per date, so 13:00-18:00 stays 13:00-18:00 local on
  both sides of a change (and is 5 real hours every day).
"""

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apps.core.wall_clock import instants_at, local_instant

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, order=True)
class Interval:
    start: datetime
    end: datetime

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Interval") -> bool:
        return self.start <= other.start and other.end <= self.end


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint union. Touching intervals join: [9, 10) + [10, 11) = [9, 11)."""
    merged: list[Interval] = []
    for interval in sorted(i for i in intervals if i.start < i.end):
        if merged and interval.start <= merged[-1].end:
            if interval.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, interval.end)
        else:
            merged.append(interval)
    return merged


def subtract(intervals: Iterable[Interval], removals: Iterable[Interval]) -> list[Interval]:
    """The parts of ``intervals`` not covered by ``removals``."""
    remaining = merge(intervals)
    for cut in merge(removals):
        pieces = []
        for interval in remaining:
            if not interval.overlaps(cut):
                pieces.append(interval)
                continue
            if interval.start < cut.start:
                pieces.append(Interval(interval.start, cut.start))
            if cut.end < interval.end:
                pieces.append(Interval(cut.end, interval.end))
        remaining = pieces
    return remaining


def intersect(intervals: Iterable[Interval], window: Interval) -> list[Interval]:
    """The parts of ``intervals`` inside ``window``."""
    return [
        Interval(max(interval.start, window.start), min(interval.end, window.end))
        for interval in merge(intervals)
        if interval.overlaps(window)
    ]


class IntervalSet:
    """A merged, sorted set of intervals answering "is this covered / does this overlap" in log time."""

    def __init__(self, intervals: Iterable[Interval] = ()):
        self.intervals = merge(intervals)
        self._starts = [interval.start for interval in self.intervals]

    def _last_starting_at_or_before(self, moment: datetime) -> Interval | None:
        index = bisect_right(self._starts, moment) - 1
        return self.intervals[index] if index >= 0 else None

    def covers(self, wanted: Interval) -> bool:
        candidate = self._last_starting_at_or_before(wanted.start)
        return candidate is not None and candidate.contains(wanted)

    def overlaps(self, wanted: Interval) -> bool:
        index = bisect_right(self._starts, wanted.start) - 1
        if index >= 0 and self.intervals[index].end > wanted.start:
            return True
        return index + 1 < len(self.intervals) and self.intervals[index + 1].start < wanted.end


# --- Wall-clock time to instants (apps/core/wall_clock.py) ----------------------------------------


def local_span(day: date, start: time, end: time, zone: ZoneInfo) -> Interval:
    return Interval(local_instant(day, start, zone), local_instant(day, end, zone))


def local_days(first_day: date, last_day: date, zone: ZoneInfo) -> Interval:
    """From local midnight of ``first_day`` to local midnight after ``last_day``."""
    return Interval(local_instant(first_day, time(0), zone), local_instant(last_day + timedelta(days=1), time(0), zone))


def days_between(first_day: date, last_day: date) -> Iterator[date]:
    day = first_day
    while day <= last_day:
        yield day
        day += timedelta(days=1)


def grid_starts(first_day: date, last_day: date, zone: ZoneInfo, step_minutes: int) -> list[datetime]:
    """Candidate start instants on the clinic's local grid, in time order (see the module docstring)."""
    if MINUTES_PER_DAY % step_minutes:
        raise ValueError("The slot step must divide a day.")
    starts = []
    for day in days_between(first_day, last_day):
        midnight = datetime.combine(day, time(0))
        for minute in range(0, MINUTES_PER_DAY, step_minutes):
            starts.extend(instants_at(midnight + timedelta(minutes=minute), zone))
    return sorted(starts)


def local_date_of(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def is_on_grid(instant: datetime, zone: ZoneInfo, step_minutes: int) -> bool:
    local = instant.astimezone(zone)
    return local.second == 0 and local.microsecond == 0 and (local.hour * 60 + local.minute) % step_minutes == 0


# --- Working hours ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyRule:
    weekday: int  # Monday is 0, as date.weekday()
    start: time
    end: time


@dataclass(frozen=True)
class DateRule:
    """Hours on one local date; no times means the whole day."""

    day: date
    start: time | None = None
    end: time | None = None


def working_intervals(
    *,
    zone: ZoneInfo,
    first_day: date,
    last_day: date,
    weekly: Sequence[WeeklyRule],
    extra: Sequence[DateRule] = (),
    time_off: Sequence[DateRule] = (),
    closed_days: Iterable[date] = (),
) -> list[Interval]:
    """A provider's working time at one clinic over local dates: weekly hours plus extra hours, minus
    time off and the clinic's closed days, each converted on its own date."""
    rules_by_weekday: dict[int, list[WeeklyRule]] = {}
    for rule in weekly:
        rules_by_weekday.setdefault(rule.weekday, []).append(rule)
    working = [
        local_span(day, rule.start, rule.end, zone)
        for day in days_between(first_day, last_day)
        for rule in rules_by_weekday.get(day.weekday(), ())
    ]
    working += [_date_rule_span(rule, zone) for rule in extra if first_day <= rule.day <= last_day]
    removed = [_date_rule_span(rule, zone) for rule in time_off]
    removed += [local_days(day, day, zone) for day in closed_days]
    return subtract(working, removed)


def _date_rule_span(rule: DateRule, zone: ZoneInfo) -> Interval:
    if rule.start is None or rule.end is None:
        return local_days(rule.day, rule.day, zone)
    return local_span(rule.day, rule.start, rule.end, zone)


# --- Fitting a service into the calendars --------------------------------------------------------


@dataclass(frozen=True)
class ServiceTiming:
    duration: timedelta
    recovery: timedelta = timedelta(0)
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    needs_chair: bool = False

    def visit(self, start: datetime) -> Interval:
        """Session plus recovery: the patient's time, and the chair's."""
        return Interval(start, start + self.duration + self.recovery)

    def provider_time(self, start: datetime) -> Interval:
        """Session plus buffers: the provider's time."""
        return Interval(start - self.buffer_before, start + self.duration + self.buffer_after)


@dataclass
class ProviderCalendar:
    """``working``: when the provider may see patients for this service. A visit (session and
    recovery) must lie inside it, so that someone is on duty through the monitoring; the buffers may
    fall outside it. ``busy``: the provider time of their occupying appointments."""

    provider_id: int
    working: IntervalSet
    busy: IntervalSet = field(default_factory=IntervalSet)


@dataclass
class ChairCalendar:
    chair_id: int
    busy: IntervalSet = field(default_factory=IntervalSet)


@dataclass(frozen=True)
class Slot:
    start: datetime
    provider_ids: tuple[int, ...]
    chair_ids: tuple[int, ...]


def free_at(
    start: datetime,
    *,
    timing: ServiceTiming,
    providers: Sequence[ProviderCalendar],
    chairs: Sequence[ChairCalendar] = (),
    patient_busy: IntervalSet | None = None,
    blocked: IntervalSet | None = None,
) -> Slot | None:
    """Who and what is free for a session starting at ``start``; None if it cannot take place."""
    visit = timing.visit(start)
    if blocked is not None and blocked.overlaps(visit):
        return None
    if patient_busy is not None and patient_busy.overlaps(visit):
        return None
    chair_ids: tuple[int, ...] = ()
    if timing.needs_chair:
        chair_ids = tuple(chair.chair_id for chair in chairs if not chair.busy.overlaps(visit))
        if not chair_ids:
            return None
    provider_time = timing.provider_time(start)
    provider_ids = tuple(
        provider.provider_id
        for provider in providers
        if provider.working.covers(visit) and not provider.busy.overlaps(provider_time)
    )
    if not provider_ids:
        return None
    return Slot(start=start, provider_ids=provider_ids, chair_ids=chair_ids)


def available_slots(
    candidates: Iterable[datetime],
    *,
    timing: ServiceTiming,
    providers: Sequence[ProviderCalendar],
    chairs: Sequence[ChairCalendar] = (),
    patient_busy: IntervalSet | None = None,
    blocked: IntervalSet | None = None,
    earliest: datetime | None = None,
    latest: datetime | None = None,
) -> list[Slot]:
    """The candidates (already on the grid) that fit, with their free providers and chairs.
    ``earliest``/``latest`` bound the start (minimum notice and horizon)."""
    # Most of a day's grid is outside everyone's hours: one look at the union skips it.
    anyone_working = IntervalSet(interval for provider in providers for interval in provider.working.intervals)
    slots = []
    for start in candidates:
        if (earliest is not None and start < earliest) or (latest is not None and start > latest):
            continue
        if not anyone_working.covers(timing.visit(start)):
            continue
        slot = free_at(
            start, timing=timing, providers=providers, chairs=chairs, patient_busy=patient_busy, blocked=blocked
        )
        if slot is not None:
            slots.append(slot)
    return slots
