"""The one place the portal asks for the current time (tests move it with time-machine)."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
