"""What booking asks about payment, without importing the payments app (which builds on booking).

The payments app registers its rules on ``payment_rules_hook``. Without them, these defaults are the
"pay at the clinic" behaviour: nothing is paid online, so nothing holds a booking, and status
changes move no money. Every call is made inside the booking service's transaction."""

from collections.abc import Sequence
from datetime import datetime

from apps.core.hooks import Hook


class PaymentRules:
    def hold_for_payment(self, *, clinic, service, booked_by_patient: bool, sessions: int = 1) -> bool:
        """Whether a booking must stay held until it is paid (the patient pays while it is held)."""
        return False

    def booked(self, *, appointments: Sequence, series=None) -> None:
        """The appointments just booked (one, or every session of ``series``)."""

    def ensure_paid(self, appointment) -> None:
        """Raise an ``ApplicationError`` if this hold may not be confirmed because it is not paid yet."""

    def allows_late_cancellation(self, appointment) -> bool:
        """Whether the patient may cancel inside the cancellation window online (the clinic's late terms
        then apply); otherwise they call the clinic."""
        return False

    def check_cancellation_accepted(self, appointment, *, accepted: dict | None, at: datetime) -> None:
        """Raise an ``ApplicationError`` if a patient's cancellation would cost them something other than
        what they ``accepted`` (the amounts of the quote they were shown), before anything is written."""

    def status_changed(self, appointment, *, previous_status: str, at: datetime) -> None:
        """After a status change by a person (cancellation, no-show ...)."""

    def holds_released(self, appointments: Sequence) -> None:
        """Holds released without being confirmed (expired, or taken over after expiring)."""


payment_rules_hook: Hook[PaymentRules] = Hook("booking.payment_rules", single=True)
_PAY_AT_THE_CLINIC = PaymentRules()


def payment_rules() -> PaymentRules:
    return payment_rules_hook.one() or _PAY_AT_THE_CLINIC
