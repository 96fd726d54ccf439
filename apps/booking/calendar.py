"""iCalendar files: one appointment, or a user's private feed. Calendars are synced to phones and
third-party clouds, so an event says no more than "Appointment", the clinic and where: never the
treatment, the service or the patient's name. Details stay behind the portal link."""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from icalendar import Calendar, Event

from .models import Appointment, AppointmentStatus

ICS_STATUS: dict[str, str] = {
    AppointmentStatus.HELD: "TENTATIVE",
    AppointmentStatus.CONFIRMED: "CONFIRMED",
    AppointmentStatus.CHECKED_IN: "CONFIRMED",
    AppointmentStatus.COMPLETED: "CONFIRMED",
    AppointmentStatus.NO_SHOW: "CANCELLED",
    AppointmentStatus.CANCELLED: "CANCELLED",
}


def appointment_calendar(appointments: Iterable[Appointment], *, viewer, at: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Patient Portal//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Appointments")
    for appointment in appointments:
        calendar.add_component(_event(appointment, viewer=viewer, at=at))
    return calendar.to_ical()


def _event(appointment: Appointment, *, viewer, at: datetime) -> Event:
    clinic = appointment.clinic
    link = f"{settings.PORTAL_BASE_URL}/appointments/{appointment.pk}"
    event = Event()
    event.add("uid", f"{appointment.pk}@{settings.PORTAL_BASE_URL.split('://')[-1]}")
    event.add("dtstamp", at)
    event.add("dtstart", appointment.starts_at)
    # The patient stays through the recovery; the provider's part ends with the session.
    is_patient = appointment.patient_id == viewer.pk
    event.add("dtend", appointment.recovery_ends_at if is_patient else appointment.ends_at)
    event.add("sequence", appointment.sequence)
    event.add("status", ICS_STATUS[appointment.status])
    if appointment.is_telehealth:
        event.add("summary", f"Video appointment · {clinic.name}")
        event.add("location", "Online: join from the portal")
    else:
        event.add("summary", f"Appointment · {clinic.name}")
        event.add("location", clinic_address(clinic))
    event.add("description", f"Details and changes: {link}")
    event.add("url", link)
    return event


def clinic_address(clinic) -> str:
    region = clinic.region.split("-", 1)[-1]
    lines = [clinic.name, clinic.address_line1, clinic.address_line2, f"{clinic.city}, {region} {clinic.postal_code}"]
    return ", ".join(line for line in lines if line)
