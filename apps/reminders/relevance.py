"""Before a message goes out, the reason for it must still hold (the appointment is still booked,
the booster is still due). Each app that plans messages names a check for the things it owns:
``concerns_type`` → dotted path of ``check(notification) -> bool``. Dotted paths keep this low-level
app free of imports of the apps that use it."""

from django.utils.module_loading import import_string

RELEVANCE_CHECKS: dict[str, str] = {}


def still_relevant(notification) -> bool:
    path = RELEVANCE_CHECKS.get(notification.concerns_type)
    return True if path is None else import_string(path)(notification)
