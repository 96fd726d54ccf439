"""The events a clinic's endpoints subscribe to, and their payloads.

A payload says that something happened and to which record, never what a patient answered or how
they are: ids and the appointment's non-clinical fields only. The receiver asks the FHIR API (with
its own key and scopes) for anything more."""

from django.db import models

from apps.booking.models import Appointment, AppointmentStatus


class EventType(models.TextChoices):
    APPOINTMENT_BOOKED = "appointment.booked", "An appointment is booked"
    APPOINTMENT_MOVED = "appointment.moved", "An appointment is moved to another time"
    APPOINTMENT_CANCELLED = "appointment.cancelled", "An appointment is cancelled"
    APPOINTMENT_CHECKED_IN = "appointment.checked_in", "A patient checks in"
    APPOINTMENT_COMPLETED = "appointment.completed", "An appointment is completed"
    APPOINTMENT_NO_SHOW = "appointment.no_show", "A patient does not come (no-show)"
    ASSESSMENT_SUBMITTED = "assessment.submitted", "A patient submits a questionnaire"
    SAFETY_ALERT_RAISED = "safety_alert.raised", "A safety alert is raised"


# Sent by "Send test event" only; no endpoint subscribes to it.
TEST_EVENT = "webhook.test"

# The statuses a confirmed appointment reaches that are an event of their own. A hold confirmed is
# ``appointment.booked``; whatever else ends a hold is not told (receivers never heard of it).
STATUS_EVENTS = {
    AppointmentStatus.CANCELLED: EventType.APPOINTMENT_CANCELLED,
    AppointmentStatus.CHECKED_IN: EventType.APPOINTMENT_CHECKED_IN,
    AppointmentStatus.COMPLETED: EventType.APPOINTMENT_COMPLETED,
    AppointmentStatus.NO_SHOW: EventType.APPOINTMENT_NO_SHOW,
}


def appointment_data(appointment: Appointment) -> dict:
    """Reads only what booking's services hold already (clinic, service and provider are loaded
    with the appointment), so building it costs no query."""
    return {
        "appointment_id": str(appointment.pk),
        "clinic": appointment.clinic.slug,
        "status": appointment.status,
        "starts_at": appointment.starts_at.isoformat(),
        "ends_at": appointment.ends_at.isoformat(),
        "service": appointment.service.slug,
        "provider_id": str(appointment.provider.user_id),
        "patient_id": str(appointment.patient_id),
    }


def assessment_data(assessment, clinic) -> dict:
    """The instrument only: never the answers, the score or the severity."""
    return {
        "assessment_id": str(assessment.pk),
        "clinic": clinic.slug,
        "instrument": assessment.instrument,
        "patient_id": str(assessment.patient_id),
    }


def safety_alert_data(alert) -> dict:
    """Ids only: that an alert exists, never why."""
    return {
        "safety_alert_id": str(alert.pk),
        "clinic": alert.clinic.slug,
        "assessment_id": str(alert.assessment_id),
        "patient_id": str(alert.patient_id),
    }
