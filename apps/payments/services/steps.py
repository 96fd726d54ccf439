"""How money moves, and what every money step shares.

Money moves in two steps. The database transaction that decides it (a cancellation, a no-show, a
staff refund) records what is owed; a task enqueued on commit then makes the Stripe call, with an
idempotency key derived from that row, and records the outcome. A retried task, a webhook delivered
twice or a double click therefore reach Stripe as one request. A payment's state is always read back
from Stripe (``checkout.payment_reconcile``), never taken from a webhook's snapshot.

Locks are always taken appointments first, then the payment (booking locks the appointment before it
calls in here), so that a cancellation and a reconciliation never wait on each other in a circle."""

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record

from ..models import Payment


def after_commit(task, object_id) -> None:
    """Queue ``task`` once the row it works on is committed. With the broker down at that instant the
    error is logged, not raised: the request has done its part, and the sweep (``pending.py``) finds
    the committed row and queues it again."""
    transaction.on_commit(lambda: task.delay(str(object_id)), robust=True)


def audit_payment_row(actor, action: AuditAction, obj, payment: Payment) -> None:
    """A payment says who is treated where: reads and writes of one are audited like health data."""
    audit_record(actor=actor, action=action, obj=obj, patient=payment.patient_id, clinic=payment.clinic_id)


def payment_audit(*, actor, action: AuditAction, payment: Payment) -> None:
    audit_payment_row(actor, action, payment, payment)


def lock_payment(payment: Payment) -> Payment:
    return Payment.objects.select_for_update().select_related("clinic", "patient").get(pk=payment.pk)
