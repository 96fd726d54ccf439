"""Availability results kept in the shared cache (Redis), and the one call that invalidates them:
``availability_changed``.

What is cached is the free starts of one service at one clinic over a window *for anyone*: no patient,
no minimum notice or horizon. Each request then drops what its caller may not book (``selectors``).

A cached result is filed under versions, read before the database is:

- one for the organization, bumped by any change to what the slot engine reads other than
  appointments (weekly hours, overrides, closures, chairs, services, staff memberships, licences).
  Organization-wide because a provider's time at one clinic is their time at every clinic, and video
  visits draw on providers of the whole organization;
- one for each UTC date the window touches, bumped by any change to an appointment that takes time on
  that date (booked, cancelled, moved, a hold released).

Versions are bumped after the transaction commits, and a reader reads them before it reads the
database: a result computed from data older than a bump is filed under a version nobody asks for any
more. A hold lapses without any write, so a result lives no longer than the earliest hold it counted.
"""

import hashlib
import time
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KEY_PREFIX = "availability"


def availability_changed(clinic, *, between: tuple[datetime, datetime] | None = None) -> None:
    """Call after any write that can change what is free at ``clinic``: ``between`` is the time an
    appointment took or now takes (from the start of the provider's time to the end of the visit);
    without it, everything at the clinic's organization (hours, overrides, closures, chairs, services,
    staff). Takes effect when the current transaction commits."""
    keys = [_organization_key(clinic.organization_id)]
    if between is not None:
        keys = [_date_key(clinic.organization_id, day) for day in _utc_dates(*between)]
    transaction.on_commit(lambda: _bump(keys))


def appointment_time_changed(appointment) -> None:
    """``availability_changed`` for the time an appointment takes (its provider's and its visit's)."""
    availability_changed(
        appointment.clinic,
        between=(appointment.provider_busy_from, max(appointment.provider_busy_until, appointment.recovery_ends_at)),
    )


def cached_or_computed(*, organization_id: int, window: tuple[datetime, datetime], parts: tuple, at: datetime, compute):
    """The cached value for ``parts`` (what identifies the question) over ``window`` as of ``at``, else
    ``compute()``, which returns ``(value, lapses_at)``: an instant from which it may be wrong (a hold
    lapsing) or None. The instant is checked against ``at`` (the portal's clock), not left to the
    cache's own expiry."""
    lifetime = settings.AVAILABILITY_CACHE_SECONDS
    if lifetime <= 0:
        return compute()[0]
    dates = [_date_key(organization_id, day) for day in _utc_dates(*window)]
    versions = _versions([_organization_key(organization_id), *dates])
    key = _result_key(organization_id, versions, parts)
    cached = cache.get(key)
    if cached is not None and (cached[1] is None or at < cached[1]):
        return cached[0]
    value, lapses_at = compute()
    if lapses_at is not None:
        lifetime = min(lifetime, int((lapses_at - at).total_seconds()))
    if lifetime > 0:
        cache.set(key, (value, lapses_at), timeout=lifetime)
    return value


def _result_key(organization_id: int, versions: list[int], parts: tuple) -> str:
    """A short key of fixed length whatever the window: a month's window holds some 30 date versions,
    and memcached refuses keys over 250 characters (Django warns about them on every backend)."""
    question = ":".join([*map(str, versions), *map(str, parts)])
    return f"{KEY_PREFIX}:{organization_id}:{hashlib.sha256(question.encode()).hexdigest()}"


def _organization_key(organization_id: int) -> str:
    return f"{KEY_PREFIX}-version:{organization_id}"


def _date_key(organization_id: int, day: date) -> str:
    return f"{KEY_PREFIX}-version:{organization_id}:{day.isoformat()}"


def _utc_dates(start: datetime, end: datetime) -> list[date]:
    first, last = start.astimezone(UTC).date(), end.astimezone(UTC).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _versions(keys: list[str]) -> list[int]:
    """The current version of each key. A key that is missing (never bumped, or evicted) starts from
    the clock in nanoseconds, so that it never comes back to a number used before."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    start = time.time_ns()
    if missing:
        for key in missing:
            cache.add(key, start, timeout=None)
        found.update(cache.get_many(missing))
    return [found.get(key, start) for key in keys]


def _bump(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, time.time_ns(), timeout=None)
