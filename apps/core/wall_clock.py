"""Local date and time to an instant: the one rule, for every clinic-local time the portal plans by
(shift boundaries, reminders "the day before, same time", quiet hours, the morning digest).

A time in a repeated hour (clocks fall back) means its first occurrence; a time in a skipped hour
(clocks spring forward) means the moment the clocks jump, the first instant that exists after it.
Replacing a naive time's ``tzinfo`` instead would make an instant that never shows on any clock."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def instants_at(wall: datetime, zone: ZoneInfo) -> list[datetime]:
    """Every instant (UTC) at which clocks in ``zone`` show the naive ``wall`` time: none in a skipped
    hour, two in a repeated hour (earlier first), one otherwise."""
    found = set()
    for fold in (0, 1):
        instant = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == wall:
            found.add(instant)
    return sorted(found)


def local_instant(day: date, wall_time: time, zone: ZoneInfo) -> datetime:
    """The instant ``wall_time`` on ``day`` in ``zone`` means: its first occurrence, or the moment
    clocks jump when the time was skipped."""
    wall = datetime.combine(day, wall_time)
    occurrences = instants_at(wall, zone)
    if occurrences:
        return occurrences[0]
    # In a gap both readings of the wall time straddle the transition: search for it between them.
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    low, high = min(low, high), max(low, high)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) > wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)
