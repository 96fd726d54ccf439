"""Before a message goes out, the reason for it must still hold (the appointment is still booked,
the booster is still due). Each app that plans messages registers a check for the things it owns,
keyed by the ``concerns_type`` of its messages; a message about anything else always goes."""

from collections.abc import Callable

from apps.core.hooks import Hook

relevance_checks: Hook[Callable[..., bool]] = Hook("reminders.relevance_checks")


def still_relevant(notification) -> bool:
    check = relevance_checks.get(notification.concerns_type)
    return True if check is None else check(notification)
