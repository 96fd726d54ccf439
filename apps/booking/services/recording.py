"""What every write to an appointment records: its lock, the audit of the access, and the one
recorder of a status change (history, availability cache, messages, listeners)."""

from collections.abc import Sequence
from datetime import datetime

from apps.audit.models import AuditAction
from apps.audit.services import ROW_OWNERS, audit_record, audit_record_many

from .. import events, notifications
from ..availability_cache import appointment_time_changed
from ..models import Appointment, AppointmentEvent, AppointmentEventKind


def record_status_change(
    appointments: Sequence[Appointment], *, previous: str, at: datetime, actor=None, reason: str = ""
) -> None:
    """What every status change records, whoever makes it (a person, a payment, the hold expiry): the
    history row, the freed or taken time told to the availability cache, the messages it plans or
    cancels, and the apps built on booking told. The appointments are saved in their new status."""
    AppointmentEvent.objects.bulk_create(
        AppointmentEvent(
            appointment=appointment,
            at=at,
            actor=actor,
            kind=AppointmentEventKind.STATUS_CHANGED,
            from_status=previous,
            to_status=appointment.status,
            reason=reason,
        )
        for appointment in appointments
    )
    for appointment in appointments:
        appointment_time_changed(appointment)
        notifications.appointment_status_changed(appointment, previous=previous, at=at)
        events.appointment_status_changed(actor=actor, appointment=appointment, from_status=previous)


def appointment_audit(*, actor, action: AuditAction, appointment: Appointment) -> None:
    """Record an access to an appointment (health information: it says who is treated where)."""
    audit_record(actor=actor, action=action, obj=appointment, patient=appointment.patient, clinic=appointment.clinic)


def appointments_audit(*, actor, action: AuditAction, appointments: Sequence[Appointment]) -> None:
    """``appointment_audit`` for appointments written together, in one insert."""
    audit_record_many(actor=actor, action=action, objs=appointments, **ROW_OWNERS)


def lock_appointment(appointment: Appointment) -> None:
    """Serialize changes to one appointment and work on its current state (with its relations and the
    patient's message choices, which every change's messages read, in the same query)."""
    locked = Appointment.objects.with_relations().select_related("patient__notification_prefs")
    appointment.refresh_from_db(from_queryset=locked.select_for_update(of=("self",)))
