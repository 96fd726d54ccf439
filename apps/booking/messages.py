"""The messages booking plans (``notifications.py``, ``visit_location.py``), with their rules; their
templates are in templates/reminders/<kind>/ of this app."""

from django.db import models

from apps.reminders.kinds import Channel


class BookingMessage(models.TextChoices):
    APPOINTMENT_CONFIRMED = "appointment_confirmed", "Appointment confirmation"
    APPOINTMENT_CHANGED = "appointment_changed", "Appointment change"
    APPOINTMENT_CANCELLED = "appointment_cancelled", "Appointment cancellation"
    APPOINTMENT_REMINDER = "appointment_reminder", "Appointment reminder"
    TELEHEALTH_LINK = "telehealth_link", "Video visit link"
    ESCORT_CONFIRMATION = "escort_confirmation", "Ride home confirmation"
    NEXT_DAY_CHECK_IN = "next_day_check_in", "Next-day check-in"
    STAFF_VIDEO_VISIT_BLOCKED = "staff_video_visit_blocked", "Video visit could not start (staff)"


RULES = {
    BookingMessage.APPOINTMENT_CONFIRMED: {"essential": True},
    BookingMessage.APPOINTMENT_CHANGED: {"essential": True},
    BookingMessage.APPOINTMENT_CANCELLED: {"essential": True},
    BookingMessage.APPOINTMENT_REMINDER: {"essential": True},
    BookingMessage.TELEHEALTH_LINK: {"essential": True, "urgent": True},
    BookingMessage.ESCORT_CONFIRMATION: {"essential": True},
    BookingMessage.NEXT_DAY_CHECK_IN: {},
    BookingMessage.STAFF_VIDEO_VISIT_BLOCKED: {
        "essential": True,
        "urgent": True,
        "channels": (Channel.EMAIL, Channel.IN_APP),
    },
}
