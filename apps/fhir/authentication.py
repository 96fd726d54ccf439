"""Who calls the FHIR API: a clinic's API key, sent as a bearer token."""

from datetime import timedelta

from django.conf import settings
from rest_framework_api_key.crypto import KeyGenerator

from apps.core import clock

from .errors import NotAuthenticated
from .models import ClinicAPIKey
from .scopes import grants

# The library's generator: a random prefix and secret, the secret hashed with one SHA-512 (no salt
# and no stretching, which a high-entropy random secret does not need; PBKDF2 per request would cost
# tens of milliseconds of CPU on every call).
KEY_GENERATOR = KeyGenerator()


def api_key_from_header(authorization: str) -> ClinicAPIKey:
    """The usable key named by an ``Authorization: Bearer <prefix>.<secret>`` header (one query, plus
    at most one update a minute for its last use); anything else answers 401, with no hint of which
    part was wrong."""
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise NotAuthenticated()
    prefix, dot, secret = token.partition(".")
    if not dot or not prefix or not secret:
        raise NotAuthenticated(token_sent=True)
    key = ClinicAPIKey.objects.filter(prefix=prefix).select_related("clinic").first()
    at = clock.now()
    if key is None or not KEY_GENERATOR.verify(token, key.hashed_key) or not key.usable_at(at):
        raise NotAuthenticated(token_sent=True)
    if not key.clinic.is_active:
        raise NotAuthenticated("The clinic of this API key is closed.", token_sent=True)
    _note_use(key, at)
    return key


def _note_use(key: ClinicAPIKey, at) -> None:
    """Record when the key was last used, to the resolution of FHIR_KEY_LAST_USED_SECONDS: one UPDATE
    a minute at most, whatever the rate of calls."""
    resolution = timedelta(seconds=settings.FHIR_KEY_LAST_USED_SECONDS)
    if key.last_used_at is not None and at - key.last_used_at < resolution:
        return
    ClinicAPIKey.objects.filter(pk=key.pk).update(last_used_at=at)
    key.last_used_at = at


def key_grants(key: ClinicAPIKey, resource_type: str) -> bool:
    return grants(key.scopes, resource_type)
