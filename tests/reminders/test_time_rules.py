from datetime import UTC, datetime, time

import pytest

from apps.reminders.formatting import appointment_time_text
from apps.reminders.quiet_hours import quiet_until


def test_times_read_in_the_clinics_zone_with_its_abbreviation():
    start = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    assert appointment_time_text(start, clinic_zone="America/Denver", recipient_zone="America/Denver") == (
        "Monday 2 March 2026 at 10:00 AM MST"
    )


def test_the_patients_own_time_is_added_when_their_clock_differs():
    start = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    assert appointment_time_text(start, clinic_zone="America/Denver", recipient_zone="Europe/London") == (
        "Monday 2 March 2026 at 10:00 AM MST (5:00 PM GMT your time)"
    )


def test_the_patients_date_is_named_when_it_is_another_day_for_them():
    start = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 18:00 in Denver, 01:00 next day in London
    assert appointment_time_text(start, clinic_zone="America/Denver", recipient_zone="Europe/London") == (
        "Monday 2 March 2026 at 6:00 PM MST (Tuesday 3 March at 1:00 AM GMT your time)"
    )


def test_between_the_us_and_eu_clock_changes_the_gap_is_seven_hours_not_eight():
    # 9 March 2026: Denver is on MDT (UTC-6), London still on GMT.
    start = datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert appointment_time_text(start, clinic_zone="America/Denver", recipient_zone="Europe/London") == (
        "Monday 9 March 2026 at 10:00 AM MDT (4:00 PM GMT your time)"
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 6, 1, 1, 0, tzinfo=UTC), datetime(2026, 6, 1, 11, 0, tzinfo=UTC)),  # 21:00 EDT: quiet
        (datetime(2026, 6, 1, 0, 30, tzinfo=UTC), None),  # 20:30 EDT: not yet
        (datetime(2026, 6, 1, 12, 0, tzinfo=UTC), None),  # 08:00 EDT: day time
        (datetime(2026, 6, 1, 9, 0, tzinfo=UTC), datetime(2026, 6, 1, 11, 0, tzinfo=UTC)),  # 05:00 EDT
    ],
)
def test_quiet_hours_wrap_midnight(moment, expected):
    assert quiet_until(moment, start=time(21), end=time(7), zone="America/New_York") == expected


def test_quiet_hours_end_at_the_local_wall_time_across_a_clock_change():
    # Night of 7–8 March 2026 in New York: quiet hours end at 07:00 EDT, which is 11:00 UTC, not 12:00.
    late_evening = datetime(2026, 3, 8, 4, 0, tzinfo=UTC)  # 23:00 EST on 7 March
    assert quiet_until(late_evening, start=time(22), end=time(7), zone="America/New_York") == datetime(
        2026, 3, 8, 11, 0, tzinfo=UTC
    )
