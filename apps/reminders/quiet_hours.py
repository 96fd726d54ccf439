"""Quiet hours in the recipient's own zone. A range may wrap midnight (22:00–07:00)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


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
    # Through UTC and back: a wall time in a DST gap becomes the first real instant after it.
    naive_end = datetime.combine(end_date, end)
    return naive_end.replace(tzinfo=tz).astimezone(ZoneInfo("UTC"))
