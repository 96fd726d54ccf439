"""Slot: a free start time of a service with one provider (their Schedule), from the slot engine.

Slots are computed, not stored: the id says what the Slot is (service, schedule, start in UTC), so
reading one by id asks the engine again whether that time is still free."""

import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .common import LARGEST_ID, instant, reference, service_type

# Matched whole, in ASCII digits ("$" would also take a trailing newline, "\d" other scripts' digits).
_ID = re.compile(r"([0-9]{1,18})-([0-9]{1,18})-([0-9]{8}T[0-9]{6})Z")
_ID_TIME = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class FreeSlot:
    service: object
    schedule_id: int
    start: datetime
    zone: ZoneInfo

    @property
    def id(self) -> str:
        return f"{self.service.pk}-{self.schedule_id}-{self.start.astimezone(UTC).strftime(_ID_TIME)}Z"

    @property
    def sort_key(self) -> tuple:
        return (self.start.astimezone(UTC).isoformat(), self.schedule_id)


@dataclass(frozen=True)
class SlotId:
    service_id: int
    schedule_id: int
    start: datetime


def parse_slot_id(text: str) -> SlotId | None:
    match = _ID.fullmatch(text)
    if match is None:
        return None
    service_id, schedule_id, start = (int(match[1]), int(match[2]), match[3])
    try:
        at = datetime.strptime(start, _ID_TIME).replace(tzinfo=UTC)
    except ValueError:
        return None
    # The first and last years are refused: the start in a clinic's zone would fall outside the calendar.
    if max(service_id, schedule_id) > LARGEST_ID or not MINYEAR < at.year < MAXYEAR:
        return None
    return SlotId(service_id, schedule_id, at)


def slot_resource(slot: FreeSlot) -> dict:
    return {
        "resourceType": "Slot",
        "id": slot.id,
        "serviceType": [service_type(slot.service)],
        "schedule": reference("Schedule", slot.schedule_id),
        "status": "free",
        "start": instant(slot.start, slot.zone),
        "end": instant(slot.start + timedelta(minutes=slot.service.duration_minutes), slot.zone),
    }
