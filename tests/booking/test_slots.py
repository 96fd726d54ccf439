"""The pure slot engine: interval arithmetic and local grids across daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from apps.booking import slots
from apps.booking.slots import Interval, IntervalSet

NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
SPRING_FORWARD = date(2026, 3, 8)  # New York: 02:00 EST -> 03:00 EDT
FALL_BACK = date(2026, 11, 1)  # New York: 02:00 EDT -> 01:00 EST
LORD_HOWE_BACK = date(2026, 4, 5)  # 02:00 +11:00 -> 01:30 +10:30
LORD_HOWE_FORWARD = date(2026, 10, 4)  # 02:00 +10:30 -> 02:30 +11:00


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def readings(instants, zone):
    """Local wall time and offset of each instant, e.g. '01:30-04:00'."""
    return [
        instant.astimezone(zone).isoformat()[11:16] + instant.astimezone(zone).isoformat()[-6:] for instant in instants
    ]


def span(interval: Interval, zone) -> tuple[str, str, float]:
    start, end = interval.start.astimezone(zone), interval.end.astimezone(zone)
    return start.strftime("%H:%M"), end.strftime("%H:%M"), (interval.end - interval.start) / timedelta(hours=1)


# --- Interval arithmetic ---------------------------------------------------------------------------


def test_merge_joins_overlapping_and_touching_intervals_but_not_separate_ones():
    a = Interval(utc("2026-01-01T09:00Z"), utc("2026-01-01T10:00Z"))
    b = Interval(utc("2026-01-01T10:00Z"), utc("2026-01-01T11:00Z"))
    c = Interval(utc("2026-01-01T10:30Z"), utc("2026-01-01T10:45Z"))
    d = Interval(utc("2026-01-01T12:00Z"), utc("2026-01-01T13:00Z"))
    assert slots.merge([d, c, b, a]) == [Interval(a.start, b.end), d]


def test_subtract_cuts_holes_and_edges():
    day = Interval(utc("2026-01-01T09:00Z"), utc("2026-01-01T17:00Z"))
    lunch = Interval(utc("2026-01-01T12:00Z"), utc("2026-01-01T13:00Z"))
    early = Interval(utc("2026-01-01T08:00Z"), utc("2026-01-01T10:00Z"))
    assert slots.subtract([day], [lunch, early]) == [
        Interval(utc("2026-01-01T10:00Z"), lunch.start),
        Interval(lunch.end, day.end),
    ]


def test_half_open_intervals_may_touch_without_overlapping():
    busy = IntervalSet([Interval(utc("2026-01-01T09:00Z"), utc("2026-01-01T10:00Z"))])
    assert not busy.overlaps(Interval(utc("2026-01-01T10:00Z"), utc("2026-01-01T11:00Z")))
    assert not busy.overlaps(Interval(utc("2026-01-01T08:00Z"), utc("2026-01-01T09:00Z")))
    assert busy.overlaps(Interval(utc("2026-01-01T09:59Z"), utc("2026-01-01T11:00Z")))
    assert busy.overlaps(Interval(utc("2026-01-01T08:00Z"), utc("2026-01-01T12:00Z")))
    assert busy.covers(Interval(utc("2026-01-01T09:00Z"), utc("2026-01-01T10:00Z")))
    assert not busy.covers(Interval(utc("2026-01-01T09:30Z"), utc("2026-01-01T10:01Z")))


# --- America/New_York: the skipped and the repeated hour -------------------------------------------


def test_spring_forward_grid_never_offers_the_skipped_hour():
    starts = slots.grid_starts(SPRING_FORWARD, SPRING_FORWARD, NEW_YORK, 15)
    local = readings(starts, NEW_YORK)
    assert len(starts) == 96 - 4
    assert not [reading for reading in local if reading.startswith("02:")]
    assert local[4:9] == ["01:00-05:00", "01:15-05:00", "01:30-05:00", "01:45-05:00", "03:00-04:00"]
    assert starts == sorted(set(starts))


def test_fall_back_grid_offers_both_occurrences_of_the_repeated_hour_each_labelled_with_its_offset():
    starts = slots.grid_starts(FALL_BACK, FALL_BACK, NEW_YORK, 15)
    local = readings(starts, NEW_YORK)
    assert len(starts) == 96 + 4
    assert local[4:13] == [
        "01:00-04:00", "01:15-04:00", "01:30-04:00", "01:45-04:00",
        "01:00-05:00", "01:15-05:00", "01:30-05:00", "01:45-05:00",
        "02:00-05:00",
    ]  # fmt: skip
    assert starts == sorted(set(starts))
    assert all(later - earlier == timedelta(minutes=15) for earlier, later in pairwise(starts))


def test_a_13_to_18_schedule_stays_13_to_18_local_across_both_changes():
    weekly = [slots.WeeklyRule(weekday, time(13), time(18)) for weekday in range(7)]
    for change in (SPRING_FORWARD, FALL_BACK):
        working = slots.working_intervals(
            zone=NEW_YORK, first_day=change - timedelta(days=1), last_day=change + timedelta(days=1), weekly=weekly
        )
        assert [span(interval, NEW_YORK) for interval in working] == [("13:00", "18:00", 5.0)] * 3
    before, after = slots.working_intervals(
        zone=NEW_YORK, first_day=date(2026, 3, 7), last_day=date(2026, 3, 9), weekly=weekly
    )[::2]
    assert (before.start.hour, after.start.hour) == (18, 17)  # 13:00 EST is 18:00Z, 13:00 EDT is 17:00Z


def test_shift_boundaries_in_the_skipped_hour_mean_the_moment_clocks_jump():
    rules = [slots.DateRule(SPRING_FORWARD, time(2, 30), time(5, 0))]
    (shift,) = slots.working_intervals(
        zone=NEW_YORK, first_day=SPRING_FORWARD, last_day=SPRING_FORWARD, weekly=[], extra=rules
    )
    assert span(shift, NEW_YORK) == ("03:00", "05:00", 2.0)
    (across,) = slots.working_intervals(
        zone=NEW_YORK,
        first_day=SPRING_FORWARD,
        last_day=SPRING_FORWARD,
        weekly=[],
        extra=[slots.DateRule(SPRING_FORWARD, time(1, 0), time(4, 0))],
    )
    assert span(across, NEW_YORK) == ("01:00", "04:00", 2.0)


def test_shift_boundaries_in_the_repeated_hour_mean_its_first_occurrence():
    (shift,) = slots.working_intervals(
        zone=NEW_YORK,
        first_day=FALL_BACK,
        last_day=FALL_BACK,
        weekly=[],
        extra=[slots.DateRule(FALL_BACK, time(1, 30), time(3, 0))],
    )
    assert shift.start == utc("2026-11-01T01:30-04:00")
    assert span(shift, NEW_YORK) == ("01:30", "03:00", 2.5)


def test_slots_in_the_repeated_hour_are_offered_once_per_instant():
    working = slots.working_intervals(
        zone=NEW_YORK,
        first_day=FALL_BACK,
        last_day=FALL_BACK,
        weekly=[],
        extra=[slots.DateRule(FALL_BACK, time(0, 30), time(2, 30))],
    )
    provider = slots.ProviderCalendar("p", working=IntervalSet(working))
    found = slots.available_slots(
        slots.grid_starts(FALL_BACK, FALL_BACK, NEW_YORK, 30),
        timing=slots.ServiceTiming(duration=timedelta(minutes=30)),
        providers=[provider],
    )
    assert readings([slot.start for slot in found], NEW_YORK) == [
        "00:30-04:00", "01:00-04:00", "01:30-04:00", "01:00-05:00", "01:30-05:00", "02:00-05:00",
    ]  # fmt: skip


# --- Half-hour zones -------------------------------------------------------------------------------


def test_kolkata_grid_follows_the_local_hour_not_the_utc_hour():
    weekly = [slots.WeeklyRule(0, time(9), time(12))]
    monday = date(2026, 2, 2)
    working = slots.working_intervals(zone=KOLKATA, first_day=monday, last_day=monday, weekly=weekly)
    found = slots.available_slots(
        slots.grid_starts(monday, monday, KOLKATA, 15),
        timing=slots.ServiceTiming(duration=timedelta(minutes=60)),
        providers=[slots.ProviderCalendar("p", working=IntervalSet(working))],
    )
    local = [slot.start.astimezone(KOLKATA).strftime("%H:%M") for slot in found]
    assert local[0] == "09:00" and local[-1] == "11:00" and len(local) == 9
    assert found[0].start == utc("2026-02-02T03:30Z")
    assert {slot.start.minute for slot in found} == {0, 15, 30, 45}


def test_lord_howe_half_hour_change_back_repeats_half_an_hour():
    starts = slots.grid_starts(LORD_HOWE_BACK, LORD_HOWE_BACK, LORD_HOWE, 15)
    local = readings(starts, LORD_HOWE)
    assert len(starts) == 96 + 2
    assert local[4:11] == [
        "01:00+11:00", "01:15+11:00", "01:30+11:00", "01:45+11:00", "01:30+10:30", "01:45+10:30", "02:00+10:30",
    ]  # fmt: skip


def test_lord_howe_half_hour_change_forward_skips_half_an_hour():
    starts = slots.grid_starts(LORD_HOWE_FORWARD, LORD_HOWE_FORWARD, LORD_HOWE, 15)
    local = readings(starts, LORD_HOWE)
    assert len(starts) == 96 - 2
    assert local[6:9] == ["01:30+10:30", "01:45+10:30", "02:30+11:00"]


def test_lord_howe_afternoon_hours_stay_local_across_the_half_hour_change():
    weekly = [slots.WeeklyRule(weekday, time(13), time(18)) for weekday in range(7)]
    working = slots.working_intervals(
        zone=LORD_HOWE,
        first_day=LORD_HOWE_FORWARD - timedelta(days=1),
        last_day=LORD_HOWE_FORWARD + timedelta(days=1),
        weekly=weekly,
    )
    assert [span(interval, LORD_HOWE) for interval in working] == [("13:00", "18:00", 5.0)] * 3
    assert [interval.start.astimezone(UTC).strftime("%H:%M") for interval in working] == ["02:30", "02:00", "02:00"]


# --- Fitting a service -----------------------------------------------------------------------------


def _calendar_day():
    monday = date(2026, 2, 2)
    zone = ZoneInfo("America/Denver")
    working = slots.working_intervals(
        zone=zone, first_day=monday, last_day=monday, weekly=[slots.WeeklyRule(0, time(13), time(18))]
    )
    return monday, zone, working


def test_a_visit_with_recovery_must_end_within_working_hours_and_needs_a_free_chair():
    monday, zone, working = _calendar_day()
    iv = slots.ServiceTiming(duration=timedelta(minutes=40), recovery=timedelta(minutes=120), needs_chair=True)
    chair_busy = IntervalSet([Interval(utc("2026-02-02T13:00-07:00"), utc("2026-02-02T15:40-07:00"))])
    found = slots.available_slots(
        slots.grid_starts(monday, monday, zone, 15),
        timing=iv,
        providers=[slots.ProviderCalendar("p", working=IntervalSet(working))],
        chairs=[slots.ChairCalendar("chair", busy=chair_busy)],
    )
    local = [slot.start.astimezone(zone).strftime("%H:%M") for slot in found]
    # The only chair is free from 15:40; the last visit must end (recovery included) by 18:00.
    assert local == []
    found = slots.available_slots(
        slots.grid_starts(monday, monday, zone, 15),
        timing=iv,
        providers=[slots.ProviderCalendar("p", working=IntervalSet(working))],
        chairs=[slots.ChairCalendar("chair", busy=chair_busy), slots.ChairCalendar("other")],
    )
    assert [slot.start.astimezone(zone).strftime("%H:%M") for slot in found][-1] == "15:15"
    assert found[0].chair_ids == ("other",)


def test_provider_buffers_keep_appointments_apart_but_may_fall_outside_hours():
    monday, zone, working = _calendar_day()
    timing = slots.ServiceTiming(
        duration=timedelta(minutes=60), buffer_before=timedelta(minutes=15), buffer_after=timedelta(minutes=15)
    )
    # An existing 14:00-15:00 appointment with the same buffers occupies 13:45-15:15.
    busy = IntervalSet([Interval(utc("2026-02-02T13:45-07:00"), utc("2026-02-02T15:15-07:00"))])
    found = slots.available_slots(
        slots.grid_starts(monday, monday, zone, 15),
        timing=timing,
        providers=[slots.ProviderCalendar("p", working=IntervalSet(working), busy=busy)],
    )
    local = [slot.start.astimezone(zone).strftime("%H:%M") for slot in found]
    assert local == ["15:30", "15:45", "16:00", "16:15", "16:30", "16:45", "17:00"]


def test_notice_and_horizon_bound_the_offered_starts():
    monday, zone, working = _calendar_day()
    found = slots.available_slots(
        slots.grid_starts(monday, monday, zone, 60),
        timing=slots.ServiceTiming(duration=timedelta(minutes=60)),
        providers=[slots.ProviderCalendar("p", working=IntervalSet(working))],
        earliest=utc("2026-02-02T14:30-07:00"),
        latest=utc("2026-02-02T16:00-07:00"),
    )
    assert [slot.start.astimezone(zone).hour for slot in found] == [15, 16]


def test_patient_busy_and_closed_time_block_a_start_whoever_is_free():
    monday, zone, working = _calendar_day()
    busy_patient = IntervalSet([Interval(utc("2026-02-02T13:30-07:00"), utc("2026-02-02T14:30-07:00"))])
    closed = IntervalSet([Interval(utc("2026-02-02T16:00-07:00"), utc("2026-02-03T00:00-07:00"))])
    found = slots.available_slots(
        slots.grid_starts(monday, monday, zone, 60),
        timing=slots.ServiceTiming(duration=timedelta(minutes=60)),
        providers=[slots.ProviderCalendar("p", working=IntervalSet(working))],
        patient_busy=busy_patient,
        blocked=closed,
    )
    assert [slot.start.astimezone(zone).hour for slot in found] == [15]
