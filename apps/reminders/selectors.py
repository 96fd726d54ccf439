from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from apps.core.exceptions import NotFound

from .kinds import Channel
from .models import Notification, NotificationPreference, ReminderSchedule, Status


def in_app_notifications_for(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user, channel=Channel.IN_APP, status=Status.SENT)
        .select_related("recipient__patient_profile", "clinic")
        .order_by("-due_at")
    )


def access_own_notification(user, notification_id) -> Notification:
    notification = in_app_notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound("No such notification.")
    return notification


def delivery_log_for_clinic(clinic, *, status: str | None = None, recipient_id=None) -> QuerySet[Notification]:
    """The clinic's messages, newest first; optionally only those with ``status``, or to one recipient."""
    log = Notification.objects.filter(clinic=clinic).select_related("recipient").order_by("-due_at", "-pk")
    if status:
        log = log.filter(status=status)
    if recipient_id is not None:
        log = log.filter(recipient_id=recipient_id)
    return log


def access_clinic_notification(clinic, notification_id) -> Notification:
    notification = delivery_log_for_clinic(clinic).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound("No such message.")
    return notification


def preferences_for(user) -> NotificationPreference:
    """The stored choices, or the defaults (unsaved) for someone who never changed them. A user read
    with them (a request's own user at sign-in, a locked appointment's patient) costs no query."""
    if get_user_model().notification_prefs.is_cached(user):
        return getattr(user, "notification_prefs", None) or NotificationPreference(user=user)
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def reminder_offsets_minutes(*, clinic, service) -> list[int]:
    """The service's own schedule, else the clinic's, else the portal's default."""
    schedules = {row.service_id: row.offsets_minutes for row in ReminderSchedule.objects.filter(clinic=clinic)}
    return schedules.get(service.pk) or schedules.get(None) or settings.APPOINTMENT_REMINDER_OFFSETS_MINUTES
