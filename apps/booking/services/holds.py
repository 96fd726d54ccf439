"""Holds that end without a person: released when they expire, or confirmed once paid."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from apps.core import clock

from ..models import Appointment, CancelledBy
from ..models import AppointmentStatus as Status
from ..payment_hooks import payment_rules
from .recording import lock_appointment, record_status_change

HOLD_EXPIRED_REASON = "The hold expired before the booking was confirmed."
PAID_REASON = "Paid online."


def expire_holds(holds: Sequence[Appointment], *, at: datetime) -> None:
    for hold in holds:
        hold.status = Status.CANCELLED
        hold.cancelled_by = CancelledBy.SYSTEM
        hold.cancelled_at = at
        hold.cancellation_reason = HOLD_EXPIRED_REASON
        hold.sequence += 1
    Appointment.objects.bulk_update(
        holds, ["status", "cancelled_by", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    record_status_change(holds, previous=Status.HELD, at=at, reason=HOLD_EXPIRED_REASON)
    payment_rules().holds_released(holds)


def appointment_holds_expire(*, batch_size: int = 500) -> int:
    """Release holds past their expiry, a batch at a time; rows another worker is releasing are
    skipped (SKIP LOCKED), so concurrent runs never wait on each other. Returns how many."""
    at = clock.now()
    with transaction.atomic():
        stale = list(
            Appointment.objects.stale_holds(at)
            .order_by("hold_expires_at")
            .select_for_update(skip_locked=True)[:batch_size]
        )
        expire_holds(stale, at=at)
    return len(stale)


@transaction.atomic
def appointment_confirm_paid(*, appointment: Appointment) -> bool:
    """Confirm a hold whose payment has succeeded (the payments app calls this when Stripe says so).
    False when it can no longer be confirmed: cancelled, or expired (then released now), so that the
    payment is given back. Confirming again is harmless."""
    lock_appointment(appointment)
    at = clock.now()
    if appointment.status != Status.HELD:
        return appointment.status != Status.CANCELLED
    if appointment.hold_lapsed(at):
        expire_holds([appointment], at=at)
        return False
    appointment.status = Status.CONFIRMED
    appointment.hold_expires_at = None
    appointment.sequence += 1
    appointment.save(update_fields=["status", "hold_expires_at", "sequence", "updated_at"])
    record_status_change([appointment], previous=Status.HELD, at=at, reason=PAID_REASON)
    return True
