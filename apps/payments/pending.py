"""Money steps a worker still owes Stripe, found from the rows themselves.

Each step is queued after the commit that records it. If the broker is down at that instant (or the
message is lost with a crashed worker), the committed row is all that is left; a frequent beat task
queues it again from here. Every step is idempotent (locked rows, Stripe idempotency keys), so a step
that was queued after all runs once more to no effect.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from apps.booking.models import AppointmentStatus
from apps.core import clock

from .models import BOOKING_KINDS, OPEN_STATUSES, Payment, PaymentStatus, Refund, RefundStatus, StripeEvent


@dataclass(frozen=True)
class PendingMoneySteps:
    refunds: list[str]
    fees: list[str]
    reconciliations: list[str]
    stripe_events: list[str]


def pending_money_steps() -> PendingMoneySteps:
    """The steps recorded more than the grace period ago (the task queued on commit usually has them
    done by then) and not done yet. A fee is tried for a day: after that it stays a payment request
    the patient pays in the portal."""
    now = clock.now()
    settled_before = now - timedelta(seconds=settings.PAYMENTS_SWEEP_GRACE_SECONDS)
    fees_since = now - timedelta(days=1)
    return PendingMoneySteps(
        refunds=_ids(
            Refund.objects.filter(
                status=RefundStatus.PENDING, stripe_refund_id__isnull=True, created_at__lt=settled_before
            )
        ),
        fees=_ids(
            Payment.objects.exclude(kind__in=BOOKING_KINDS).filter(
                status__in=OPEN_STATUSES,
                stripe_payment_intent_id__isnull=True,
                off_session_failed=False,
                created_at__range=(fees_since, settled_before),
            )
        ),
        reconciliations=_ids(_bookings_out_of_step().filter(updated_at__lt=settled_before)),
        stripe_events=list(
            StripeEvent.objects.filter(processed_at__isnull=True, received_at__lt=settled_before).values_list(
                "stripe_id", flat=True
            )[: settings.PAYMENTS_SWEEP_BATCH_SIZE]
        ),
    )


def _bookings_out_of_step():
    """Booking payments whose bookings moved on without them: paid while a booking is still held or
    cancelled unrefunded, or still open for a booking that was cancelled (its intent to cancel)."""
    cancelled = Q(lines__appointment__status=AppointmentStatus.CANCELLED)
    paid_unsettled = Q(status=PaymentStatus.SUCCEEDED) & (
        Q(lines__appointment__status=AppointmentStatus.HELD) | (cancelled & Q(lines__settled_at__isnull=True))
    )
    open_for_cancelled = Q(status__in=OPEN_STATUSES) & cancelled
    return Payment.objects.filter(kind__in=BOOKING_KINDS).filter(paid_unsettled | open_for_cancelled).distinct()


def _ids(queryset) -> list[str]:
    return [
        str(pk)
        for pk in queryset.order_by("created_at").values_list("pk", flat=True)[: settings.PAYMENTS_SWEEP_BATCH_SIZE]
    ]
