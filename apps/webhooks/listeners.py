"""The webhooks' listeners to booking's and care's events (registered in ``portal/wiring.py``). They
run inside the transaction of the change, and only insert deliveries (``outbox``): they never call
out, and at a clinic without a subscribed endpoint they read nothing but the cache.

They never raise: telling a clinic's systems is never a reason to refuse a booking or to lose an
assessment and its safety alert. An error is logged (its type only) and the event is not told.

Receivers hear of an appointment once it is confirmed: booked straight to confirmed, or a hold
confirmed once paid. A hold is not an appointment yet, so nothing that happens to one (moved, expired,
cancelled) is told either."""

import logging
from collections.abc import Callable
from functools import partial, wraps

from apps.booking.models import Appointment, AppointmentStatus
from apps.clinics.models import ClinicPatient

from .events import STATUS_EVENTS, EventType, appointment_data, assessment_data, safety_alert_data
from .outbox import Event, events_record
from .subscriptions import clinics_subscribed

logger = logging.getLogger(__name__)


def _robust(listener: Callable[..., None]) -> Callable[..., None]:
    @wraps(listener)
    def told(**kwargs) -> None:
        try:
            listener(**kwargs)
        except Exception as error:  # the type only: the event may concern a patient's health
            logger.error("webhooks: %s could not record its event (%s)", listener.__name__, type(error).__name__)

    return told


@_robust
def appointments_booked(*, actor, appointments: list[Appointment], at) -> None:
    """One event per confirmed appointment (a series tells each of its sessions); a hold is told
    when it is confirmed (``appointment_status_changed``)."""
    events_record(
        _appointment_event(appointment, EventType.APPOINTMENT_BOOKED)
        for appointment in appointments
        if appointment.status == AppointmentStatus.CONFIRMED
    )


@_robust
def appointment_moved(*, actor, appointment: Appointment) -> None:
    if appointment.status != AppointmentStatus.HELD:
        events_record([_appointment_event(appointment, EventType.APPOINTMENT_MOVED)])


@_robust
def appointment_status_changed(*, actor, appointment: Appointment, from_status: str) -> None:
    if from_status == AppointmentStatus.HELD:
        event_type = EventType.APPOINTMENT_BOOKED if appointment.status == AppointmentStatus.CONFIRMED else None
    else:
        event_type = STATUS_EVENTS.get(appointment.status)
    if event_type is not None:
        events_record([_appointment_event(appointment, event_type)])


@_robust
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


@_robust
def safety_alerts_raised(*, alerts) -> None:
    events_record(
        Event(alert.clinic_id, EventType.SAFETY_ALERT_RAISED, partial(safety_alert_data, alert), alert.patient_id)
        for alert in alerts
    )


def _appointment_event(appointment: Appointment, event_type: str) -> Event:
    return Event(appointment.clinic_id, event_type, partial(appointment_data, appointment), appointment.patient_id)
