"""The escort, what a dose booking records, and the session record that completes a dose."""

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record, audit_record_many
from apps.booking.gates import BookingNotAllowed
from apps.booking.models import Appointment, AppointmentStatus, ServiceKind
from apps.booking.services.status import appointment_transition
from apps.core.clock import now
from apps.education.models import ReadingEvent
from apps.education.services import reading_assign_for_event

from ..exceptions import NoSessionRecord, SessionNotOpen, SessionRecordCompleted, SessionRecordIncomplete
from ..gates import ESCORT_REQUIRED, REFUSAL_MESSAGE
from ..models import SESSION_RECORD_REQUIRED_FIELDS, DosingBookingDetails, Escort, SessionRecord
from ..selectors.plans import current_plan
from ..selectors.sessions import intake_submitted_before_registration, is_first_dose_booking, next_appointment_start
from .plans import plan_maintenance_start_if_due


@transaction.atomic
def escort_set(*, actor, patient, name: str, phone) -> Escort:
    """Name (or rename) the patient's escort; doing so is the patient's acknowledgement, recorded now,
    that they will not drive until the day after a dosing session."""
    escort, created = Escort.objects.update_or_create(
        patient=patient, defaults={"name": name, "phone": phone, "no_driving_acknowledged_at": now()}
    )
    audit_record(actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=escort, patient=patient)
    return escort


@transaction.atomic(savepoint=False)  # part of the booking's transaction, never recovered from alone
def dosing_booking_details_record(*, actor, appointments: list[Appointment], at) -> list[DosingBookingDetails]:
    """Copy the patient's escort onto dose bookings (one patient's), with their acknowledgement (given
    with the booking at ``at``) that they will not drive until the next day."""
    patient, clinic = appointments[0].patient, appointments[0].clinic
    escort = Escort.objects.filter(patient=patient).first()
    if escort is None:  # the gate refuses this first; a booking without an escort must never slip through
        raise BookingNotAllowed(REFUSAL_MESSAGE, extra={"blockers": [ESCORT_REQUIRED.as_dict()]})
    details = DosingBookingDetails.objects.bulk_create(
        DosingBookingDetails(
            appointment=appointment, escort_name=escort.name, escort_phone=escort.phone, no_driving_acknowledged_at=at
        )
        for appointment in appointments
    )
    audit_record_many(actor=actor, action=AuditAction.CREATE, objs=details, patient=patient, clinic=clinic)
    return details


def booking_reading_assign(*, appointment: Appointment, booked_with: list[Appointment] | None = None) -> None:
    """Reading for a confirmed booking, due before it: for a consultation (and the intake's reading,
    for a patient whom the clinic did not know yet when they submitted it), or for a first dose
    (``booked_with``: the sessions of a series booked with it, none of which counts as an earlier dose)."""
    patient, clinic, start = appointment.patient, appointment.clinic, appointment.starts_at
    if appointment.service.kind == ServiceKind.CONSULTATION:
        if intake_submitted_before_registration(patient, clinic):
            reading_assign_for_event(patient=patient, event=ReadingEvent.INTAKE_SUBMITTED, clinic=clinic, due_at=start)
        reading_assign_for_event(patient=patient, event=ReadingEvent.CONSULTATION_BOOKED, clinic=clinic, due_at=start)
    elif is_first_dose_booking(booked_with or [appointment], at=now()):
        reading_assign_for_event(patient=patient, event=ReadingEvent.FIRST_DOSING_BOOKED, clinic=clinic, due_at=start)


SESSION_RECORD_FIELDS = {
    "route": "",
    "dose": None,
    "dose_unit": "",
    "before_systolic": None,
    "before_diastolic": None,
    "before_heart_rate": None,
    "before_spo2": None,
    "after_systolic": None,
    "after_diastolic": None,
    "after_heart_rate": None,
    "after_spo2": None,
    "side_effects": [],
    "side_effect_notes": "",
    "discharged_at": None,
    "discharged_with": "",
}
# What a session record may be written for: a booked session, before or while it happens.
OPEN_FOR_RECORDING = (AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN)


def _locked(appointment: Appointment) -> Appointment:
    """The appointment's row locked, so writes to its session record happen one after another."""
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    appointment.status = locked.status
    return appointment


@transaction.atomic
def session_record_save(*, actor, appointment: Appointment, fields: dict) -> SessionRecord:
    """Write a dosing session's record, replacing what it said (a field left out is emptied; the route
    defaults to the booked service's). Open while the session is booked or under way; a completed
    record is final."""
    unknown = set(fields) - set(SESSION_RECORD_FIELDS)
    if unknown:
        raise ValueError(f"Not session record fields: {sorted(unknown)}")
    _locked(appointment)
    record = SessionRecord.objects.filter(appointment=appointment).first()
    if record is not None and record.is_completed:
        raise SessionRecordCompleted()
    if appointment.status not in OPEN_FOR_RECORDING:
        status = AppointmentStatus(appointment.status).label.lower()
        raise SessionNotOpen(f"This session is {status}: there is no session to record.")
    created = record is None
    record = record or SessionRecord()
    record.appointment = appointment
    for name, blank in SESSION_RECORD_FIELDS.items():
        setattr(record, name, fields[name] if fields.get(name) is not None else blank)
    record.route = record.route or appointment.service.route
    record.recorded_by = actor
    record.full_clean(exclude=["appointment", "recorded_by", "completed_by"], validate_constraints=False)
    record.save()
    action = AuditAction.CREATE if created else AuditAction.UPDATE
    audit_record(actor=actor, action=action, obj=record, patient=appointment.patient, clinic=appointment.clinic)
    return record


@transaction.atomic
def session_record_complete(*, actor, appointment: Appointment) -> SessionRecord:
    """Complete the record and close the appointment (``completed``, through booking's transition
    service, in this transaction); then assign the reading for a completed session, and start
    maintenance when this session completes the induction series. Completing a completed record
    again (a retried request) changes nothing and reports nothing again."""
    _locked(appointment)
    record = SessionRecord.objects.filter(appointment=appointment).first()
    if record is None:
        raise NoSessionRecord()
    if record.is_completed:
        return record
    missing = [name for name in SESSION_RECORD_REQUIRED_FIELDS if getattr(record, name) in (None, "")]
    if missing:
        raise SessionRecordIncomplete(fields={name: ["Needed to complete the session."] for name in missing})
    record.appointment = appointment
    record.full_clean(exclude=["appointment", "recorded_by", "completed_by"], validate_constraints=False)
    at = now()
    record.completed_at, record.completed_by = at, actor
    record.save(update_fields=["completed_at", "completed_by", "updated_at"])
    patient, clinic = appointment.patient, appointment.clinic
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=record, patient=patient, clinic=clinic)
    appointment_transition(actor=actor, appointment=appointment, to_status=AppointmentStatus.COMPLETED)
    reading_assign_for_event(
        patient=patient,
        event=ReadingEvent.SESSION_COMPLETED,
        clinic=clinic,
        due_at=next_appointment_start(patient, clinic, after=at),
    )
    plan = current_plan(patient, clinic=clinic)
    if plan is not None:
        plan_maintenance_start_if_due(actor=actor, plan=plan, at=at)
    return record
