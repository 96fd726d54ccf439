"""A person's status change along the transition table (check in, cancel, no-show, complete)."""

from datetime import datetime, timedelta

from django.db import transaction

from apps.audit.models import AuditAction
from apps.core import clock

from ..errors import HoldExpired, InsideCancellationWindow, InvalidTransition, NotBookable, NotYet, StaffOnly
from ..models import Appointment, CancelledBy
from ..models import AppointmentStatus as Status
from ..payment_hooks import payment_rules
from ..policy import cancellation_window_opens
from .recording import appointment_audit, lock_appointment, record_status_change

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.HELD: frozenset({Status.CONFIRMED, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.CHECKED_IN, Status.NO_SHOW, Status.CANCELLED}),
    # Checked in, then not treated (e.g. vital signs out of range): the clinic cancels with a reason.
    Status.CHECKED_IN: frozenset({Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset(),
    Status.NO_SHOW: frozenset(),
    Status.CANCELLED: frozenset(),
}
# What a patient may do to their own appointment; everything else in the table is the clinic's.
PATIENT_TRANSITIONS = frozenset(
    {(Status.HELD, Status.CONFIRMED), (Status.HELD, Status.CANCELLED), (Status.CONFIRMED, Status.CANCELLED)}
)
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)


def acts_as_patient(actor, appointment: Appointment) -> bool:
    return appointment.patient_id == actor.pk


def ensure_patient_may_still_change(appointment: Appointment, at: datetime) -> None:
    """Patients cancel or move a confirmed appointment online until the service's cancellation window
    begins; inside it they call the clinic (which may still do it). A mere hold is always theirs."""
    if appointment.status == Status.HELD:
        return
    until = cancellation_window_opens(appointment)
    if at >= until:
        clinic = appointment.clinic
        raise InsideCancellationWindow(
            f"Appointments can be cancelled or moved online up to {appointment.service.cancellation_window_hours} "
            f"hours before they start. Please call {clinic.name} on {clinic.phone}.",
            extra={"changeable_until": until.isoformat(), "clinic_phone": str(clinic.phone)},
        )


@transaction.atomic
def appointment_transition(
    *, actor, appointment: Appointment, to_status: str, reason: str = "", accepted_quote: dict | None = None
) -> Appointment:
    """Move an appointment along the transition table (``ALLOWED_TRANSITIONS``). A patient cancelling
    names the amounts they accepted (``accepted_quote``): the payment rules refuse other terms."""
    lock_appointment(appointment)
    at = clock.now()
    current = appointment.status
    if to_status not in ALLOWED_TRANSITIONS[current]:
        allowed = sorted(ALLOWED_TRANSITIONS[current])
        raise InvalidTransition(
            f"A {Status(current).label.lower()} appointment cannot become {Status(to_status).label.lower()}."
            + (f" It can become: {', '.join(allowed)}." if allowed else " It is final."),
            extra={"status": current, "allowed": allowed},
        )
    as_patient = acts_as_patient(actor, appointment)
    if as_patient and (current, to_status) not in PATIENT_TRANSITIONS:
        raise StaffOnly()
    _check_transition_time(appointment, to_status, at=at, as_patient=as_patient)
    if to_status == Status.CONFIRMED:
        payment_rules().ensure_paid(appointment)

    changed = ["status", "sequence", "updated_at"]
    if to_status == Status.CANCELLED:
        if not as_patient and not reason.strip():
            raise NotBookable("Please give a reason for cancelling.", fields={"reason": ["This field is required."]})
        if as_patient:
            payment_rules().check_cancellation_accepted(appointment, accepted=accepted_quote, at=at)
        appointment.cancelled_by = CancelledBy.PATIENT if as_patient else CancelledBy.CLINIC
        appointment.cancelled_at = at
        appointment.cancellation_reason = reason.strip()
        changed += ["cancelled_by", "cancelled_at", "cancellation_reason"]
    if to_status == Status.CONFIRMED:
        appointment.hold_expires_at = None
        changed.append("hold_expires_at")
    appointment.status = to_status
    appointment.sequence += 1
    appointment.save(update_fields=changed)
    payment_rules().status_changed(appointment, previous_status=current, at=at)
    appointment_audit(actor=actor, action=AuditAction.UPDATE, appointment=appointment)
    record_status_change([appointment], previous=current, at=at, actor=actor, reason=reason.strip())
    return appointment


def _check_transition_time(appointment: Appointment, to_status: str, *, at: datetime, as_patient: bool) -> None:
    if to_status == Status.CONFIRMED and appointment.hold_lapsed(at):
        raise HoldExpired()
    if to_status == Status.CANCELLED and as_patient and not payment_rules().allows_late_cancellation(appointment):
        ensure_patient_may_still_change(appointment, at)
    if to_status == Status.CHECKED_IN and at < appointment.starts_at - CHECK_IN_OPENS_BEFORE:
        opens = appointment.starts_at - CHECK_IN_OPENS_BEFORE
        raise NotYet("Check-in opens an hour before the appointment.", extra={"opens_at": opens.isoformat()})
    if to_status in (Status.NO_SHOW, Status.COMPLETED) and at < appointment.starts_at:
        raise NotYet(
            f"An appointment can be marked {Status(to_status).label.lower()} once it has started.",
            extra={"opens_at": appointment.starts_at.isoformat()},
        )
