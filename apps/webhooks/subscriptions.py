"""Which endpoints of which clinic subscribe to which events, kept in the shared cache so that an
event at a clinic nobody subscribed to costs no query at all (a booking's cost is measured to the
statement: tests/care/test_booking_query_counts.py).

The map is filed under a version, read before the database is, and every endpoint change bumps the
version once its transaction commits (``subscriptions_changed``): a map computed from rows older than
a bump is filed under a version nobody asks for any more. The map also expires after
``WEBHOOK_SUBSCRIPTIONS_CACHE_SECONDS`` whatever happens, which bounds how long a lost bump (the cache
down at that moment) can leave it stale. The cache being down costs a query, never an event."""

import logging
import time
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import WebhookEndpoint

logger = logging.getLogger(__name__)

VERSION_KEY = "webhooks:subscriptions-version"

# {clinic id: ((endpoint id, frozenset of event types), ...)}, only active endpoints with events.
Subscriptions = dict[int, tuple[tuple[uuid.UUID, frozenset[str]], ...]]


def endpoints_subscribed(current: Subscriptions, *, clinic_id: int, event_type: str) -> list[uuid.UUID]:
    """The ids of the clinic's active endpoints that subscribe to ``event_type``, in ``current``
    (``subscriptions()``, read once for a batch of events)."""
    return [endpoint_id for endpoint_id, events in current.get(clinic_id, ()) if event_type in events]


def clinics_subscribed(*, event_type: str) -> list[int]:
    """The clinics with at least one active endpoint that subscribes to ``event_type``."""
    return [
        clinic_id
        for clinic_id, endpoints in subscriptions().items()
        if any(event_type in events for _, events in endpoints)
    ]


def subscriptions() -> Subscriptions:
    try:
        version = _version()
        cached = cache.get(_map_key(version))
    except Exception:  # the cache is down: the database still knows, at the price of one query
        logger.warning("webhook subscriptions: cache unavailable, read from the database", exc_info=True)
        return _subscriptions_from_database()
    if cached is not None:
        return cached
    fresh = _subscriptions_from_database()
    try:
        cache.set(_map_key(version), fresh, timeout=settings.WEBHOOK_SUBSCRIPTIONS_CACHE_SECONDS)
    except Exception:
        logger.warning("webhook subscriptions: could not cache the map", exc_info=True)
    return fresh


def subscriptions_changed() -> None:
    """Call in any write to an endpoint: the map is computed again after the transaction commits."""
    transaction.on_commit(_bump, robust=True)


def _subscriptions_from_database() -> Subscriptions:
    rows = WebhookEndpoint.objects.filter(is_active=True, deleted_at__isnull=True, clinic__is_active=True)
    found: defaultdict[int, list] = defaultdict(list)
    for clinic_id, endpoint_id, events in rows.order_by("created_at").values_list("clinic_id", "id", "events"):
        if events:
            found[clinic_id].append((endpoint_id, frozenset(events)))
    return {clinic_id: tuple(endpoints) for clinic_id, endpoints in found.items()}


def _version() -> int:
    """A version that is missing (never bumped, or evicted) starts from the clock in nanoseconds, so
    that it never comes back to a number used before."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, time.time_ns())
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _map_key(version: int) -> str:
    return f"webhooks:subscriptions:{version}"
