"""Appointment: a visit at the key's clinic, with its patient, provider and place."""

from zoneinfo import ZoneInfo

from apps.booking.models import AppointmentStatus

from .common import instant, meta, present, reference, service_type

# The portal's statuses in FHIR's words (http://hl7.org/fhir/appointmentstatus).
FHIR_STATUS = {
    AppointmentStatus.HELD: "pending",
    AppointmentStatus.CONFIRMED: "booked",
    AppointmentStatus.CHECKED_IN: "checked-in",
    AppointmentStatus.COMPLETED: "fulfilled",
    AppointmentStatus.NO_SHOW: "noshow",
    AppointmentStatus.CANCELLED: "cancelled",
}
# FHIR's statuses the portal never uses: a search for them is valid and finds nothing.
UNUSED_STATUSES = ("proposed", "arrived", "entered-in-error", "waitlist")


def appointment_resource(appointment) -> dict:
    zone = ZoneInfo(appointment.clinic.timezone)
    minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
    return present(
        resourceType="Appointment",
        id=str(appointment.pk),
        meta=meta(appointment.updated_at),
        status=FHIR_STATUS[appointment.status],
        serviceType=[service_type(appointment.service)],
        start=instant(appointment.starts_at, zone),
        end=instant(appointment.ends_at, zone),
        minutesDuration=minutes,
        created=instant(appointment.created_at, zone),
        participant=[
            {"actor": reference("Patient", appointment.patient_id), "required": "required", "status": "accepted"},
            {
                "actor": reference("Practitioner", appointment.provider.user_id, appointment.provider.display_name),
                "required": "required",
                "status": "accepted",
            },
            {"actor": reference("Location", appointment.clinic_id, appointment.clinic.name), "status": "accepted"},
        ],
    )
