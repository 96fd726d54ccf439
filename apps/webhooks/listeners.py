"""The webhooks' listeners to booking's and care's events (registered in ``portal/wiring.py``). They
run inside the transaction of the change, and only insert deliveries (``outbox``): they never call
out, and at a clinic without a subscribed endpoint they read nothing but the cache."""

from functools import partial

from apps.booking.models import Appointment
from apps.clinics.models import ClinicPatient

from .events import STATUS_EVENTS, EventType, appointment_data, assessment_data, safety_alert_data
from .outbox import Event, events_record
from .subscriptions import clinics_subscribed


def appointments_booked(*, actor, appointments: list[Appointment], at) -> None:
    """One event per appointment (a series tells each of its sessions)."""
    events_record(_appointment_event(appointment, EventType.APPOINTMENT_BOOKED) for appointment in appointments)


def appointment_moved(*, actor, appointment: Appointment) -> None:
    events_record([_appointment_event(appointment, EventType.APPOINTMENT_MOVED)])


def appointment_status_changed(*, actor, appointment: Appointment, from_status: str) -> None:
    event_type = STATUS_EVENTS.get(appointment.status)
    if event_type is not None:
        events_record([_appointment_event(appointment, event_type)])


def assessment_submitted(*, assessment) -> None:
    """Told to each subscribed clinic the patient is registered with: a questionnaire belongs to the
    patient, not to one clinic."""
    subscribed = clinics_subscribed(event_type=EventType.ASSESSMENT_SUBMITTED)
    if not subscribed:
        return
    links = ClinicPatient.objects.filter(
        patient_id=assessment.patient_id, clinic_id__in=subscribed, clinic__is_active=True
    ).select_related("clinic")
    events_record(
        Event(
            link.clinic_id,
            EventType.ASSESSMENT_SUBMITTED,
            partial(assessment_data, assessment, link.clinic),
            assessment.patient_id,
        )
        for link in links
    )


def safety_alerts_raised(*, alerts) -> None:
    events_record(
        Event(alert.clinic_id, EventType.SAFETY_ALERT_RAISED, partial(safety_alert_data, alert), alert.patient_id)
        for alert in alerts
    )


def _appointment_event(appointment: Appointment, event_type: str) -> Event:
    return Event(appointment.clinic_id, event_type, partial(appointment_data, appointment), appointment.patient_id)
