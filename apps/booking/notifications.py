"""What an appointment tells its patient, and when. Every change plans or cancels its messages in the
notification outbox within the change's own transaction; the outbox sends them when they are due and
checks, just before, that the appointment still stands as it did when they were planned."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from apps.core.wall_clock import local_instant
from apps.education.selectors import reading_progress
from apps.reminders.formatting import appointment_time_text
from apps.reminders.selectors import reminder_offsets_minutes
from apps.reminders.services import Message, notifications_cancel, notifications_plan

from .calendar import appointment_calendar, clinic_address
from .messages import BookingMessage
from .models import Appointment, AppointmentStatus, ServiceKind
from .telehealth import room_opens_at

CONCERNS_TYPE = "booking.appointment"
ACTIVE = (AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN)
AHEAD = [BookingMessage.APPOINTMENT_REMINDER, BookingMessage.TELEHEALTH_LINK, BookingMessage.ESCORT_CONFIRMATION]
# Clinic-local times of the day-before ride-home question and the next-day check-in.
ESCORT_QUESTION_AT = time(10, 0)
NEXT_DAY_CHECK_IN_AT = time(10, 0)
MINUTES_PER_DAY = 24 * 60


def _concerns(appointment: Appointment) -> tuple[str, str]:
    return CONCERNS_TYPE, str(appointment.pk)


def _message(appointment: Appointment, kind: str, due_at: datetime, **context) -> Message:
    profile = getattr(appointment.patient, "patient_profile", None)
    clinic = appointment.clinic
    when = appointment_time_text(
        appointment.starts_at, clinic_zone=clinic.timezone, recipient_zone=profile and profile.timezone
    )
    return Message(
        kind,
        due_at,
        {
            "when": when,
            "location": "" if appointment.is_telehealth else clinic_address(clinic),
            "path": f"/appointments/{appointment.pk}",
            "sequence": appointment.sequence,
            **context,
        },
        concerns=_concerns(appointment),
        revision=str(appointment.sequence),
    )


def _plan(appointment: Appointment, messages: list[Message]) -> None:
    """Messages to the appointment's patient (about it, or about others of theirs at its clinic), in
    one insert."""
    if messages:
        notifications_plan(recipient=appointment.patient, messages=messages, clinic=appointment.clinic)


def _local(appointment: Appointment, day_offset: int, at: time) -> datetime:
    """A clinic-local time of day, ``day_offset`` days from the appointment's local date."""
    zone = ZoneInfo(appointment.clinic.timezone)
    day = appointment.starts_at.astimezone(zone).date() + timedelta(days=day_offset)
    return local_instant(day, at, zone)


def reminder_due_at(appointment: Appointment, minutes_before: int) -> datetime:
    """Whole days count on the clinic's wall clock ("the day before, same time", even across a
    23-hour day when clocks change); anything else is exact."""
    if minutes_before % MINUTES_PER_DAY == 0:
        zone = ZoneInfo(appointment.clinic.timezone)
        local = appointment.starts_at.astimezone(zone)
        return local_instant(local.date() - timedelta(days=minutes_before // MINUTES_PER_DAY), local.time(), zone)
    return appointment.starts_at - timedelta(minutes=minutes_before)


def _ahead(appointments: list[Appointment], at: datetime) -> list[Message]:
    """The reminders, video links and ride-home questions still to come for one patient's
    appointments of one service at one clinic (a booking, or the sessions of a series)."""
    first = appointments[0]
    # The reminder points to the reading the clinic assigned for this step, while some is unread.
    unread = reading_progress(first.patient, clinic=first.clinic)["unread"]
    reading = {"reading_path": "/library"} if unread else {}
    offsets = reminder_offsets_minutes(clinic=first.clinic, service=first.service)
    return [message for appointment in appointments for message in _ahead_of(appointment, at, offsets, reading)]


def _ahead_of(appointment: Appointment, at: datetime, offsets: list[int], reading: dict) -> list[Message]:
    ahead = []
    for minutes in offsets:
        due = reminder_due_at(appointment, minutes)
        if due > at:
            ahead.append(_message(appointment, BookingMessage.APPOINTMENT_REMINDER, due, **reading))
    if appointment.is_telehealth and room_opens_at(appointment) > at:
        join = f"/appointments/{appointment.pk}/join"
        ahead.append(_message(appointment, BookingMessage.TELEHEALTH_LINK, room_opens_at(appointment), path=join))
    if appointment.service.kind == ServiceKind.DOSING:
        due = _local(appointment, -1, ESCORT_QUESTION_AT)
        if due > at:
            ahead.append(_message(appointment, BookingMessage.ESCORT_CONFIRMATION, due))
    return ahead


def _with_calendar(appointment: Appointment, kind: str, at: datetime) -> Message:
    return _message(appointment, kind, at, attachment="appointment_ics")


def appointments_confirmed(appointments: list[Appointment], *, at: datetime) -> None:
    """Confirmed together (a booking, or a series): each one's confirmation and messages ahead."""
    confirmations = [
        _with_calendar(appointment, BookingMessage.APPOINTMENT_CONFIRMED, at) for appointment in appointments
    ]
    _plan(appointments[0], [*confirmations, *_ahead(appointments, at)])


def appointment_moved(appointment: Appointment, *, at: datetime) -> None:
    notifications_cancel(concerns=_concerns(appointment), kinds=AHEAD)
    if appointment.status in ACTIVE:
        changed = _with_calendar(appointment, BookingMessage.APPOINTMENT_CHANGED, at)
        _plan(appointment, [changed, *_ahead([appointment], at)])


def appointment_status_changed(appointment: Appointment, *, previous: str, at: datetime) -> None:
    status = appointment.status
    if status == AppointmentStatus.CONFIRMED and previous == AppointmentStatus.HELD:
        appointments_confirmed([appointment], at=at)
    elif status not in ACTIVE and previous in ACTIVE:  # only an active appointment has messages ahead
        notifications_cancel(concerns=_concerns(appointment), kinds=AHEAD)
    if status == AppointmentStatus.CANCELLED and previous != AppointmentStatus.HELD:
        _plan(appointment, [_with_calendar(appointment, BookingMessage.APPOINTMENT_CANCELLED, at)])
    if status == AppointmentStatus.COMPLETED and appointment.service.kind == ServiceKind.DOSING:
        check_in = _local(appointment, 1, NEXT_DAY_CHECK_IN_AT)
        _plan(appointment, [_message(appointment, BookingMessage.NEXT_DAY_CHECK_IN, check_in, path="/check-ins")])


def relevant_ids(notifications) -> set:
    """Checked by the outbox just before sending, for a batch in one query: the appointment is as it was
    when each message was planned (a reminder from before a move is dropped even if its cancellation
    raced the send)."""
    wanted = {notification.concerns_id for notification in notifications}
    appointments = {
        str(row["pk"]): row for row in Appointment.objects.filter(pk__in=wanted).values("pk", "status", "sequence")
    }
    return {
        notification.pk
        for notification in notifications
        if _still_stands(notification, appointments.get(notification.concerns_id))
    }


def _still_stands(notification, appointment) -> bool:
    if appointment is None:
        return False
    status = appointment["status"]
    if notification.kind == BookingMessage.APPOINTMENT_CANCELLED:
        return status == AppointmentStatus.CANCELLED
    if notification.kind == BookingMessage.NEXT_DAY_CHECK_IN:
        return status == AppointmentStatus.COMPLETED
    if notification.kind == BookingMessage.STAFF_VIDEO_VISIT_BLOCKED:
        return status in ACTIVE
    return status in ACTIVE and appointment["sequence"] == notification.context.get("sequence")


def ics_attachment(notification) -> tuple[str, bytes, str]:
    appointment = Appointment.objects.select_related("clinic").get(pk=notification.concerns_id)
    content = appointment_calendar([appointment], viewer=notification.recipient, at=notification.due_at)
    return "appointment.ics", content, "text/calendar"
