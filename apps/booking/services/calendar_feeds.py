"""A patient's private calendar feed: issued and revoked."""

import secrets

from django.db import transaction

from ..models import CalendarFeed


@transaction.atomic
def calendar_feed_issue(*, user) -> str:
    """A new private feed token for ``user`` (the previous URL stops working). Only its hash is kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": CalendarFeed.hash_token(token)})
    return token


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
