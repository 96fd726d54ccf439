"""Sending the deliveries: claim what is due for a lease, then POST a claimed batch, each signed.

The claim is the outbox's (``apps/reminders/delivery.py``): a short transaction takes due rows with
``SELECT … FOR UPDATE SKIP LOCKED`` and marks them claimed under a new token and a lease, so two beats
never take the same row and a row whose worker died is claimed again once its lease runs out.

Sending differs from the e-mail outbox on purpose: a receiver may take seconds to answer, and no
database transaction (or PgBouncer server connection) is held open across someone else's HTTP call.
Each POST is made outside any transaction, and its outcome written afterwards by an UPDATE that
matches the lease's token. So a delivery goes at least once, and a second time only if its worker dies
between the POST and that UPDATE: with the same ``webhook-id``, which the receiver uses to drop the
duplicate (Standard Webhooks). A batch that outlives its lease never sends a row another worker has
claimed since: each row's lease is renewed, by an UPDATE that matches its token, just before its POST,
and a row whose renewal matches nothing is skipped. Each attempt is bounded (the name's lookup and the
connection by ``WEBHOOK_CONNECT_TIMEOUT_SECONDS``, each read by ``WEBHOOK_READ_TIMEOUT_SECONDS``), far
inside the lease it was renewed for.

The POST connects to the address that was checked (``destinations.destination_resolve``), with the
``Host`` header, TLS's SNI and the certificate check for the URL's own name, and ignores any proxy
the environment sets."""

import json
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F
from requests.adapters import DEFAULT_POOLBLOCK, HTTPAdapter
from standardwebhooks.webhooks import Webhook

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.core import clock

from .destinations import Destination, destination_resolve
from .errors import DestinationRefused
from .models import DeliveryStatus, WebhookDelivery

logger = logging.getLogger(__name__)

USER_AGENT = "Portal-Webhooks/1"
# How much of a refusing receiver's answer is kept to help its owner: a short, printable excerpt.
RESPONSE_EXCERPT_CHARS = 120


@dataclass(frozen=True)
class Attempt:
    status_code: int | None
    duration_ms: int
    error: str

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def deliveries_claim_due(*, batch_size: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """Claim up to ``batch_size`` due deliveries of active endpoints for one lease: those whose lease
    ran out first, then pending ones, oldest first. A paused endpoint's deliveries wait for it."""
    now = clock.now()
    token = uuid.uuid4()
    claimable = WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        endpoint__is_active=True, endpoint__deleted_at__isnull=True
    )
    with transaction.atomic():
        lapsed = claimable.filter(status=DeliveryStatus.CLAIMED, claimed_until__lt=now).order_by("claimed_until")
        ids = list(lapsed.values_list("id", flat=True)[:batch_size])
        due = claimable.filter(status=DeliveryStatus.PENDING, due_at__lte=now).order_by("due_at")
        ids += due.values_list("id", flat=True)[: batch_size - len(ids)]
        WebhookDelivery.objects.filter(id__in=ids).update(
            status=DeliveryStatus.CLAIMED,
            claim_token=token,
            claimed_until=now + timedelta(seconds=settings.WEBHOOK_CLAIM_LEASE_SECONDS),
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    return token, ids


def deliveries_send(*, delivery_ids: Iterable, claim_token) -> dict[uuid.UUID, str]:
    """POST each delivery still claimed by ``claim_token``; return each one's outcome by id
    (``delivered``, ``retry``, ``failed``, or ``not_claimed`` for one sent already or taken over)."""
    token = uuid.UUID(str(claim_token))
    ids = list(delivery_ids)
    # Oldest first, the order they were claimed in: a receiver sees a clinic's events in order.
    rows = (
        WebhookDelivery.objects.select_related("endpoint__clinic")
        .filter(pk__in=ids, claim_token=token)
        .order_by("due_at", "created_at", "id")
    )
    outcomes = dict.fromkeys((uuid.UUID(str(pk)) for pk in ids), "not_claimed")
    for delivery in rows:
        if _lease_renewed(delivery, token):
            outcomes[delivery.pk] = _settle(delivery, token, _post(delivery))
    return outcomes


def _lease_renewed(delivery: WebhookDelivery, token: uuid.UUID) -> bool:
    """Extend the row's lease from now, if it is still ours (a batch may have outlived its lease and
    another worker claimed the row since)."""
    now = clock.now()
    return bool(
        WebhookDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(
            claimed_until=now + timedelta(seconds=settings.WEBHOOK_CLAIM_LEASE_SECONDS), updated_at=now
        )
    )


def _post(delivery: WebhookDelivery) -> Attempt:
    """One attempt, whatever goes wrong: an error of any kind is a failed attempt (its type only is
    kept and logged, never the payload), so that one bad row never stalls the rest of its batch."""
    started = time.monotonic()
    try:
        return _send(delivery, started)
    except DestinationRefused as refusal:
        return Attempt(None, _since(started), refusal.message)
    except requests.Timeout:
        return Attempt(None, _since(started), "The endpoint did not answer in time.")
    except requests.RequestException as error:
        return Attempt(None, _since(started), f"Could not connect: {type(error).__name__}.")
    except Exception as error:
        logger.warning("webhook delivery %s: the attempt failed with %s", delivery.pk, type(error).__name__)
        return Attempt(None, _since(started), f"Could not send: {type(error).__name__}.")


def _send(delivery: WebhookDelivery, started: float) -> Attempt:
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":"))
    headers = signed_headers(secret=endpoint.secret, message_id=delivery.message_id, body=body)
    destination = destination_resolve(endpoint.url)
    with _session_to(destination) as session:
        response = session.post(
            destination.url,
            data=body.encode(),
            headers={**headers, "host": destination.host_header},
            timeout=(settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS, settings.WEBHOOK_READ_TIMEOUT_SECONDS),
            allow_redirects=False,
            stream=True,
        )
        with response:
            if 200 <= response.status_code < 300:
                return Attempt(response.status_code, _since(started), "")
            return Attempt(response.status_code, _since(started), _refusal_text(response))


class _PinnedAdapter(HTTPAdapter):
    """Connects to the address in the URL, and speaks TLS to it as ``hostname``: SNI and the
    certificate's check are the name's (urllib3's ``server_hostname`` and ``assert_hostname``; the
    plain-http pool drops both)."""

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections, maxsize, block=DEFAULT_POOLBLOCK, **pool_kwargs):
        pool_kwargs.update(server_hostname=self.hostname, assert_hostname=self.hostname)
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)


def _session_to(destination: Destination) -> requests.Session:
    """A session for one attempt: no proxy, certificate or netrc from the environment, and every
    connection pinned to the checked address."""
    session = requests.Session()
    session.trust_env = False
    adapter = _PinnedAdapter(destination.hostname)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def signed_headers(*, secret: str, message_id: str, body: str) -> dict[str, str]:
    """Standard Webhooks: ``webhook-signature`` is ``v1,`` and the base64 HMAC-SHA256, keyed with the
    secret, of ``{webhook-id}.{webhook-timestamp}.{body}``. The timestamp is the attempt's (a receiver
    refuses old ones); the id is the delivery's, the same on every attempt."""
    at = clock.now()
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def _settle(delivery: WebhookDelivery, token: uuid.UUID, attempt: Attempt) -> str:
    """Write the attempt's outcome if the delivery is still ours (its lease's token), and record a
    delivered event as a disclosure in the audit trail, in the same transaction."""
    now = clock.now()
    fields = {
        "last_attempt_at": now,
        "last_status_code": attempt.status_code,
        "last_duration_ms": attempt.duration_ms,
        "last_error": attempt.error[:300],
        "claim_token": None,
        "claimed_until": None,
        "updated_at": now,
    }
    if attempt.delivered:
        outcome, fields["status"], fields["delivered_at"] = "delivered", DeliveryStatus.DELIVERED, now
    elif delivery.attempts > len(settings.WEBHOOK_RETRY_SCHEDULE_SECONDS):
        outcome, fields["status"] = "failed", DeliveryStatus.FAILED
        logger.warning("webhook delivery %s failed for good after %s attempts", delivery.pk, delivery.attempts)
    else:
        wait = settings.WEBHOOK_RETRY_SCHEDULE_SECONDS[delivery.attempts - 1]
        outcome, fields["status"], fields["due_at"] = "retry", DeliveryStatus.PENDING, now + timedelta(seconds=wait)
    with transaction.atomic():
        if not WebhookDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(**fields):
            return "not_claimed"
        if attempt.delivered and delivery.patient_id is not None:
            audit_record(
                actor=None,
                action=AuditAction.EXPORT,
                obj=delivery,
                patient=delivery.patient_id,
                clinic=delivery.endpoint.clinic,
                via=f"webhook:{delivery.endpoint_id}",
            )
    return outcome


def _refusal_text(response: requests.Response) -> str:
    """``HTTP 503: <the first characters of the answer>``, printable only; the rest is not read."""
    try:
        excerpt = response.raw.read(RESPONSE_EXCERPT_CHARS * 4, decode_content=True) or b""
    except Exception:  # a body cut short or badly encoded: the status code says enough
        excerpt = b""
    text = "".join(char if char.isprintable() else " " for char in excerpt.decode("utf-8", "replace"))
    text = " ".join(text.split())[:RESPONSE_EXCERPT_CHARS]
    return f"HTTP {response.status_code}" + (f": {text}" if text else "")


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
