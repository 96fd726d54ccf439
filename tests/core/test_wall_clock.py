"""One rule for a clinic-local date and time as an instant (Denver: clocks jump 02:00 → 03:00 on
2026-03-08 and fall back 02:00 → 01:00 on 2026-11-01)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from apps.core.wall_clock import instants_at, local_instant

DENVER = ZoneInfo("America/Denver")


def test_an_ordinary_local_time_is_its_one_instant():
    assert local_instant(date(2026, 2, 3), time(10), DENVER) == datetime(2026, 2, 3, 17, tzinfo=UTC)


def test_a_time_in_the_skipped_hour_means_the_moment_the_clocks_jump():
    assert instants_at(datetime(2026, 3, 8, 2, 30), DENVER) == []
    assert local_instant(date(2026, 3, 8), time(2, 30), DENVER) == datetime(2026, 3, 8, 9, tzinfo=UTC)


def test_a_time_in_the_repeated_hour_means_its_first_occurrence():
    both = [datetime(2026, 11, 1, 7, 30, tzinfo=UTC), datetime(2026, 11, 1, 8, 30, tzinfo=UTC)]
    assert instants_at(datetime(2026, 11, 1, 1, 30), DENVER) == both
    assert local_instant(date(2026, 11, 1), time(1, 30), DENVER) == both[0]
