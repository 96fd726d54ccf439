"""The care pathway's listeners to booking's events (``settings.BOOKING_EVENT_LISTENERS``; see
``apps/booking/events.py``). They run inside the booking's transaction."""

from apps.booking.models import DOSE_KINDS, Appointment, AppointmentStatus

from .exceptions import SessionRecordRequired
from .selectors.sessions import session_record_is_completed
from .services.sessions import booking_reading_assign, dosing_booking_details_record


def appointments_booked(*, actor, appointments: list[Appointment], at) -> None:
    """A dose booking records the escort and the no-driving acknowledgement; a confirmed booking
    assigns its reading (a hold does so once it is confirmed). A series is one booking of many
    sessions: its reading is due before the first."""
    first = min(appointments, key=lambda appointment: appointment.starts_at)
    if first.service.kind in DOSE_KINDS:
        dosing_booking_details_record(actor=actor, appointments=appointments, at=at)
    if first.status == AppointmentStatus.CONFIRMED:
        booking_reading_assign(appointment=first, booked_with=appointments)


def appointment_status_changed(*, actor, appointment: Appointment, from_status: str) -> None:
    """A confirmed hold assigns its reading. A dosing session is completed only by completing its
    session record (``session_record_complete``), so that the plan's progress, the reading and the
    start of maintenance follow every completed dose."""
    if from_status == AppointmentStatus.HELD and appointment.status == AppointmentStatus.CONFIRMED:
        booking_reading_assign(appointment=appointment)
    elif (
        appointment.status == AppointmentStatus.COMPLETED
        and appointment.service.kind in DOSE_KINDS
        and not session_record_is_completed(appointment)
    ):
        raise SessionRecordRequired()
