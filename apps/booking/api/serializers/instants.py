"""Instants in and out: UTC text, with the wall-clock reading of a zone beside it."""

import zoneinfo
from datetime import UTC, datetime
from typing import overload
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_datetime
from rest_framework import serializers

TIMEZONE_CHOICES = sorted(zoneinfo.available_timezones())


@overload
def utc_text(instant: datetime) -> str: ...
@overload
def utc_text(instant: datetime | None) -> str | None: ...
def utc_text(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def wall_clock(instant: datetime, zone: ZoneInfo) -> dict:
    """The local reading of an instant: wall time without offset, the offset, and the abbreviation."""
    local = instant.astimezone(zone)
    return {
        "local": local.replace(tzinfo=None).isoformat(timespec="minutes"),
        "utc_offset": local.isoformat()[-6:],
        "abbreviation": local.tzname(),
    }


class AwareDateTimeField(serializers.DateTimeField):
    """An instant: an ISO 8601 time with its UTC offset. A bare wall time is refused rather than
    guessed, since the same wall time can be two instants (or none) on a daylight-saving day."""

    default_error_messages = {"naive": "Give the time with its UTC offset, for example 2026-03-10T15:00:00Z."}

    def to_internal_value(self, value):
        if isinstance(value, str):
            parsed = parse_datetime(value.strip())
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        return super().to_internal_value(value).astimezone(UTC)


class WallClockOutput(serializers.Serializer):
    local = serializers.CharField(help_text="Wall-clock time, no offset: 2026-03-08T13:00")
    utc_offset = serializers.CharField(help_text="e.g. -06:00")
    abbreviation = serializers.CharField(help_text="e.g. MDT")
