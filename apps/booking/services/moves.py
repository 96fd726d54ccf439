"""Moving an appointment to another time (and provider), keeping its id, room and history."""

from datetime import datetime

from apps.audit.models import AuditAction
from apps.clinics.models import ProviderProfile
from apps.core import clock

from .. import events, notifications, slots
from ..availability_cache import appointment_time_changed
from ..errors import HoldExpired, InvalidTransition, NotBookable
from ..gates import booking_gates
from ..models import Appointment, AppointmentEvent, AppointmentEventKind
from ..models import AppointmentStatus as Status
from ..selectors.catalogue import clinic_zone
from .placement import Placement, Wanted, check_start, claim, occupied_ranges, retried_on_lost_race
from .recording import appointment_audit, lock_appointment
from .status import acts_as_patient, ensure_patient_may_still_change

RESCHEDULABLE = (Status.HELD, Status.CONFIRMED)


@retried_on_lost_race
def appointment_reschedule(
    *, actor, appointment: Appointment, start: datetime, provider: ProviderProfile | None = None
) -> Appointment:
    """Move an appointment to a new start (and provider), keeping its id, room and history. The same
    provider and chair are kept when they are free at the new time."""
    lock_appointment(appointment)
    at = clock.now()
    if appointment.status not in RESCHEDULABLE:
        raise InvalidTransition(
            f"A {appointment.get_status_display().lower()} appointment cannot be moved.",
            extra={"status": appointment.status, "allowed": []},
        )
    if appointment.hold_lapsed(at):
        raise HoldExpired()
    as_patient = acts_as_patient(actor, appointment)
    if as_patient:
        ensure_patient_may_still_change(appointment, at)
    clinic, service, patient = appointment.clinic, appointment.service, appointment.patient
    booking_gates(patient=patient, service=service, clinic=clinic, starts=[start], moving=appointment)
    wanted = Wanted(clinic, service, patient, start, provider, appointment.visit_region)
    check_start(wanted, at=at, patient_rules=as_patient)
    if appointment.series_id is not None:
        _ensure_one_session_per_day(appointment, start)

    previous_start, previous_provider_id = appointment.starts_at, appointment.provider_id
    next_sequence = appointment.sequence + 1

    def move(placement: Placement) -> Appointment:
        appointment_time_changed(appointment)  # the time it leaves
        for name, value in occupied_ranges(placement.timing, placement.start).items():
            setattr(appointment, name, value)
        appointment.provider, appointment.chair = placement.provider, placement.chair
        appointment.sequence = next_sequence
        appointment.save()
        appointment_time_changed(appointment)
        return appointment

    claim(
        wanted,
        at=at,
        write=move,
        preferred_provider_id=previous_provider_id,
        preferred_chair_id=appointment.chair_id,
        exclude=appointment,
    )
    AppointmentEvent.objects.create(
        appointment=appointment,
        at=at,
        actor=actor,
        kind=AppointmentEventKind.RESCHEDULED,
        from_status=appointment.status,
        to_status=appointment.status,
        previous_starts_at=previous_start,
        previous_provider_id=previous_provider_id,
    )
    appointment_audit(actor=actor, action=AuditAction.UPDATE, appointment=appointment)
    # Its saved state, with the relations its messages and listeners read (as ``lock_appointment``), in
    # one query: a plain refresh drops them, and each would cost a query of its own.
    saved = Appointment.objects.with_relations().select_related("patient__notification_prefs")
    appointment.refresh_from_db(from_queryset=saved)
    notifications.appointment_moved(appointment, at=at)
    events.appointment_moved(actor=actor, appointment=appointment)
    return appointment


def _ensure_one_session_per_day(appointment: Appointment, start: datetime) -> None:
    zone = clinic_zone(appointment.clinic)
    day = slots.local_date_of(start, zone)
    siblings = (
        Appointment.objects.occupying(clock.now())
        .filter(series_id=appointment.series_id)
        .exclude(pk=appointment.pk)
        .values_list("starts_at", flat=True)
    )
    if any(slots.local_date_of(sibling, zone) == day for sibling in siblings):
        message = "Another session of this series is already on that day."
        raise NotBookable(message, fields={"start": [message]})
