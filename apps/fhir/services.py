"""Writes of the FHIR app: making and revoking a clinic's API keys (audited, logged without the secret)."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.models import Clinic
from apps.core import clock
from apps.core.exceptions import ApplicationError, Conflict
from apps.core.wall_clock import local_instant

from .authentication import KEY_GENERATOR
from .models import ClinicAPIKey
from .scopes import SCOPES

logger = logging.getLogger(__name__)

# Two keys drawing the same random prefix is a one in 62^8 chance; drawing again is cheaper than a 409.
_PREFIX_ATTEMPTS = 3


@dataclass(frozen=True)
class NewAPIKey:
    key: ClinicAPIKey
    secret: str  # the whole key, prefix.secret: given to the caller once, never stored


# The furthest an expiry may be set: a key meant to expire should do so within a review cycle, and a
# date years away (9999-12-31) is no expiry at all (leave it empty for a key that works until revoked).
MAX_KEY_LIFETIME = timedelta(days=731)  # two years, one of them may be a leap year


def expiry_of(clinic: Clinic, expires_on: date | None) -> datetime | None:
    """A key that expires on a date works through the end of that day at the clinic: until the next
    day begins there (where clocks skip that midnight, the moment they jump)."""
    if expires_on is None:
        return None
    return local_instant(expires_on + timedelta(days=1), time(0), ZoneInfo(clinic.timezone))


def _check_expiry(clinic: Clinic, expires_on: date | None) -> None:
    if expires_on is None:
        return
    today = clock.now().astimezone(ZoneInfo(clinic.timezone)).date()
    if expires_on < today:
        message = "Choose an expiry date from today on."
    elif expires_on > today + MAX_KEY_LIFETIME:
        message = "Choose an expiry date at most two years ahead, or none."
    else:
        return
    raise ApplicationError(message, fields={"expires_on": [message]})


def api_key_create(*, clinic: Clinic, name: str, scopes: list[str], actor, expires_on: date | None = None) -> NewAPIKey:
    unknown = sorted(set(scopes) - set(SCOPES))
    if not scopes or unknown:
        message = f"Unknown scopes: {', '.join(unknown)}." if unknown else "Choose at least one scope."
        raise ApplicationError(message, fields={"scopes": [message]})
    _check_expiry(clinic, expires_on)
    expires_at = expiry_of(clinic, expires_on)
    ordered = [scope for scope in SCOPES if scope in scopes]
    for _ in range(_PREFIX_ATTEMPTS):
        secret, prefix, hashed_key = KEY_GENERATOR.generate()
        try:
            with transaction.atomic():
                key = ClinicAPIKey.objects.create(
                    clinic=clinic,
                    name=name,
                    prefix=prefix,
                    hashed_key=hashed_key,
                    scopes=ordered,
                    expires_at=expires_at,
                    created_by=actor,
                )
                audit_record(actor=actor, action=AuditAction.CREATE, obj=key, clinic=clinic)
        except IntegrityError:
            continue
        logger.info("api key %s created for clinic %s with scopes %s", prefix, clinic.pk, " ".join(ordered))
        return NewAPIKey(key=key, secret=secret)
    raise Conflict("The key could not be made. Please try again.")


@transaction.atomic
def api_key_revoke(*, key: ClinicAPIKey, actor) -> ClinicAPIKey:
    """Revoking is final; revoking a revoked key changes nothing (a second click, a retried request)."""
    locked = ClinicAPIKey.objects.select_for_update().get(pk=key.pk)
    if locked.revoked_at is None:
        locked.revoked_at = clock.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, clinic=locked.clinic_id)
        logger.info("api key %s of clinic %s revoked", locked.prefix, locked.clinic_id)
    return locked
