"""Writing deliveries: one row per subscribed endpoint, in the transaction of the change they tell,
so that an event commits with its change or not at all. One insert for the whole event (or for every
appointment of a series), and nothing when no endpoint subscribes.

The insert runs in a savepoint of its own: the change it tells (an assessment and its safety alert, a
booking) must stand even if the deliveries cannot be written, and on PostgreSQL a failed statement
outside a savepoint would doom the whole transaction."""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from apps.core import clock

from .models import WebhookDelivery
from .subscriptions import endpoints_subscribed, subscriptions


@dataclass(frozen=True)
class Event:
    """``data`` is built only for an event someone subscribed to: it may read relations that are
    not loaded, and an event nobody listens to must cost nothing."""

    clinic_id: int
    type: str
    data: Callable[[], dict]
    patient_id: uuid.UUID | None = None


def event_body(*, event_type: str, at: datetime, data: dict) -> dict:
    """The JSON sent (Standard Webhooks' recommended envelope)."""
    return {"type": event_type, "timestamp": at.isoformat(), "data": data}


def events_record(events: Iterable[Event]) -> list[WebhookDelivery]:
    """Queue ``events`` for every active endpoint of their clinic that subscribes to them."""
    at = clock.now()
    current = subscriptions()
    deliveries = []
    for event in events:
        endpoint_ids = endpoints_subscribed(current, clinic_id=event.clinic_id, event_type=event.type)
        if endpoint_ids:
            body = event_body(event_type=event.type, at=at, data=event.data())
            deliveries += [_delivery(endpoint_id, event, body, at) for endpoint_id in endpoint_ids]
    if deliveries:
        with transaction.atomic():
            WebhookDelivery.objects.bulk_create(deliveries)
    return deliveries


def _delivery(endpoint_id: uuid.UUID, event: Event, body: dict, at: datetime) -> WebhookDelivery:
    return WebhookDelivery(
        endpoint_id=endpoint_id,
        event_type=event.type,
        payload=body,
        patient_id=event.patient_id,
        due_at=at,
        created_at=at,
        updated_at=at,
    )
