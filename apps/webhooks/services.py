"""Every write to a clinic's webhook endpoints and their deliveries. An endpoint change bumps the
cached subscriptions once it commits (``subscriptions_changed``). Each change an administrator makes
is audited on the endpoint: an endpoint decides where patients' ids and times are sent."""

import base64
import secrets
from collections.abc import Iterable

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.models import Clinic
from apps.core import clock

from .destinations import destination_check
from .errors import DeliveryNotRetryable, DestinationRefused, EndpointPaused, UnknownEventType
from .events import TEST_EVENT, EventType
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from .outbox import event_body
from .subscriptions import subscriptions_changed
from .tasks import dispatch_due_webhooks

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix, not a secret)
SECRET_BYTES = 32


def secret_new() -> str:
    """A signing secret in the Standard Webhooks format: ``whsec_`` and base64 of random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


@transaction.atomic
def endpoint_create(
    *, actor, clinic: Clinic, url: str, events: Iterable[str], description: str = "", is_active: bool = True
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.create(
        clinic=clinic,
        url=_checked_url(url),
        description=description.strip(),
        events=_checked_events(events),
        is_active=is_active,
        secret=secret_new(),
        created_by=actor,
    )
    _audit(actor, AuditAction.CREATE, endpoint)
    subscriptions_changed()
    return endpoint


@transaction.atomic
def endpoint_update(*, actor, endpoint: WebhookEndpoint, **changes) -> WebhookEndpoint:
    """``changes``: any of ``url``, ``description``, ``events``, ``is_active``."""
    if "url" in changes:
        changes["url"] = _checked_url(changes["url"])
    if "events" in changes:
        changes["events"] = _checked_events(changes["events"])
    if "description" in changes:
        changes["description"] = changes["description"].strip()
    for name, value in changes.items():
        setattr(endpoint, name, value)
    endpoint.save(update_fields=[*changes, "updated_at"])
    _audit(actor, AuditAction.UPDATE, endpoint)
    subscriptions_changed()
    return endpoint


@transaction.atomic
def endpoint_secret_rotate(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret signs every delivery from now on, retries of older events too."""
    endpoint.secret = secret_new()
    endpoint.secret_rotated_at = clock.now()
    endpoint.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
    _audit(actor, AuditAction.UPDATE, endpoint)
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor, endpoint: WebhookEndpoint) -> None:
    """The endpoint stops at once; what it had still to receive is marked failed, and its log kept."""
    at = clock.now()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False, deleted_at=at, updated_at=at)
    endpoint.deliveries.filter(status__in=(DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)).update(
        status=DeliveryStatus.FAILED,
        claim_token=None,
        claimed_until=None,
        last_error="The endpoint was deleted.",
        updated_at=at,
    )
    _audit(actor, AuditAction.DELETE, endpoint)
    subscriptions_changed()


@transaction.atomic
def endpoint_test_send(*, actor, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``webhook.test`` event for this endpoint only, sent at once (and retried like any other)."""
    if not endpoint.is_active:
        raise EndpointPaused()
    at = clock.now()
    data = {"endpoint_id": str(endpoint.pk), "clinic": endpoint.clinic.slug}
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type=TEST_EVENT,
        payload=event_body(event_type=TEST_EVENT, at=at, data=data),
        due_at=at,
    )
    _audit(actor, AuditAction.UPDATE, endpoint)
    _dispatch_on_commit()
    return delivery


@transaction.atomic
def delivery_retry(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """A failed delivery is sent again now, with the same ``webhook-id``, and gets the whole retry
    schedule again. Two admins retrying at once: one wins, the other is told it is no longer failed."""
    if not delivery.endpoint.is_active:
        raise EndpointPaused("Resume the endpoint before retrying its deliveries.")
    at = clock.now()
    retried = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, due_at=at, attempts=0, updated_at=at
    )
    if not retried:
        raise DeliveryNotRetryable()
    _audit(actor, AuditAction.UPDATE, delivery.endpoint)
    delivery.refresh_from_db()
    _dispatch_on_commit()
    return delivery


def _audit(actor, action: AuditAction, endpoint: WebhookEndpoint) -> None:
    audit_record(actor=actor, action=action, obj=endpoint, clinic=endpoint.clinic_id)


def _dispatch_on_commit() -> None:
    # Sent at once rather than at the next beat. robust: a broker that is down must not undo what the
    # admin asked for; the row is due and the beat sends it anyway.
    transaction.on_commit(dispatch_due_webhooks.delay, robust=True)


def _checked_url(url: str) -> str:
    try:
        destination_check(url)
    except DestinationRefused as refusal:
        raise DestinationRefused(refusal.message, fields={"url": [refusal.message]}) from refusal
    return url


def _checked_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(events))
    unknown = [event for event in chosen if event not in EventType.values]
    if unknown or not chosen:
        message = "Choose at least one event from the list." if not chosen else f"Unknown events: {', '.join(unknown)}."
        raise UnknownEventType(message, fields={"events": [message]})
    return chosen
