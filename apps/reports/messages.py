"""The message reports sends (the morning digest), with its rules; its templates are in
templates/reminders/<kind>/ of this app."""

from django.db import models

from apps.reminders.kinds import Channel


class ReportMessage(models.TextChoices):
    STAFF_DAILY_DIGEST = "staff_daily_digest", "Daily digest (staff)"


RULES = {ReportMessage.STAFF_DAILY_DIGEST: {"essential": True, "channels": (Channel.EMAIL,)}}
