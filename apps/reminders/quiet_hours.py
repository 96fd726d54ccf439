"""Quiet hours in the recipient's own zone. A range may wrap midnight (22:00–07:00)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from apps.core.wall_clock import local_instant


def quiet_until(moment: datetime, *, start: time | None, end: time | None, zone: str) -> datetime | None:
    """When ``moment`` falls in the quiet hours, the instant they end; otherwise None."""
    if start is None or end is None or start == end:
        return None
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    now = local.time()
    wraps = start > end
    inside = (start <= now or now < end) if wraps else (start <= now < end)
    if not inside:
        return None
    end_date = local.date() + timedelta(days=1) if wraps and now >= start else local.date()
    return local_instant(end_date, end, tz)
