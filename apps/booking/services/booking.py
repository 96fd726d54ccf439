"""Booking one appointment, and what every booking records."""

from dataclasses import dataclass
from datetime import datetime

from apps.audit.models import AuditAction
from apps.clinics.models import Clinic, ClinicPatient, ProviderProfile
from apps.core import clock

from .. import events, notifications
from ..errors import SlotTaken
from ..gates import booking_gates
from ..models import Appointment, AppointmentEvent, AppointmentEventKind, ServiceType
from ..models import AppointmentStatus as Status
from ..payment_hooks import payment_rules
from ..visit_location import visit_region_for
from .placement import (
    Placement,
    Wanted,
    check_no_driving_acknowledged,
    check_start,
    claim,
    create_appointment,
    fingerprint_of,
    replay,
    retried_on_lost_race,
)
from .recording import appointments_audit


@dataclass(frozen=True)
class BookingResult:
    appointment: Appointment
    replayed: bool = False


@retried_on_lost_race
def appointment_book(
    *,
    actor,
    clinic: Clinic,
    service: ServiceType,
    patient,
    start: datetime,
    provider: ProviderProfile | None = None,
    hold: bool = False,
    idempotency_key: str | None = None,
    will_not_drive: bool = False,
    visit_region: str = "",
) -> BookingResult:
    """Book ``service`` for ``patient`` at ``start``: confirmed, or ``held`` for
    ``BOOKING_HOLD_MINUTES`` while the patient pays. The patient books under patient rules (notice,
    horizon); staff book on a patient's behalf without them, under the same gates. A dose needs
    ``will_not_drive`` (the patient's acknowledgement); a video visit needs ``visit_region``, where
    the patient will be. A retried request with the same ``idempotency_key`` returns the first result."""
    visit_region = visit_region_for(service, visit_region)
    fingerprint = fingerprint_of(
        clinic=clinic.pk,
        service=service.pk,
        patient=str(patient.pk),
        start=start.isoformat(),
        provider=provider.pk if provider else None,
        hold=hold,
        **({"visit_region": visit_region} if visit_region else {}),
    )
    replayed = replay(Appointment.objects.filter(booked_by=actor), idempotency_key, fingerprint)
    if replayed is not None:
        return BookingResult(replayed, replayed=True)

    check_no_driving_acknowledged(service, will_not_drive)
    booking_gates(patient=patient, service=service, clinic=clinic, starts=[start])
    hold = hold or payment_rules().hold_for_payment(clinic=clinic, service=service, booked_by_patient=patient == actor)
    at = clock.now()
    wanted = Wanted(clinic, service, patient, start, provider, visit_region)
    check_start(wanted, at=at, patient_rules=patient == actor)

    def create(placement: Placement) -> Appointment:
        return create_appointment(
            placement,
            wanted,
            actor=actor,
            at=at,
            hold=hold,
            idempotency_key=idempotency_key,
            request_fingerprint=fingerprint,
        )

    try:
        appointment = claim(wanted, at=at, write=create)
    except SlotTaken:
        # A concurrent twin of this request may have won with the same key: answer with its result.
        replayed = replay(Appointment.objects.filter(booked_by=actor), idempotency_key, fingerprint)
        if replayed is not None:
            return BookingResult(replayed, replayed=True)
        raise
    record_bookings(actor, [appointment], at)
    payment_rules().booked(appointments=[appointment])
    return BookingResult(appointment)


def record_bookings(actor, appointments: list[Appointment], at: datetime) -> None:
    """What booking one patient's appointments of one service at one clinic records (a booking, or
    the sessions of a series), each kind of row in one insert: the patient's link to the clinic, the
    history, the audit, the messages, and the apps built on booking told."""
    first = appointments[0]
    ClinicPatient.objects.bulk_create(
        [ClinicPatient(clinic=first.clinic, patient=first.patient)], ignore_conflicts=True
    )
    AppointmentEvent.objects.bulk_create(
        AppointmentEvent(
            appointment=appointment, at=at, actor=actor, kind=AppointmentEventKind.BOOKED, to_status=appointment.status
        )
        for appointment in appointments
    )
    appointments_audit(actor=actor, action=AuditAction.CREATE, appointments=appointments)
    confirmed = [appointment for appointment in appointments if appointment.status == Status.CONFIRMED]
    if confirmed:
        notifications.appointments_confirmed(confirmed, at=at)
    events.appointments_booked(actor=actor, appointments=appointments, at=at)
