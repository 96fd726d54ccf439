"""A patient's private calendar feed."""

import hashlib

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class CalendarFeed(TimeStampedModel):
    """A user's private calendar subscription. Only a hash of the URL's token is stored: the URL is
    shown once; making a new one or deleting the row revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
