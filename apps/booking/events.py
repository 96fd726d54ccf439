"""What happens to appointments, told to the apps that build on booking (the care pathway records a
dose booking's escort and assigns reading), one call per moment from the service where it happens.

Listeners are named by dotted path in ``settings.BOOKING_EVENT_LISTENERS`` for the reason given in
``gates._pathway_gates``: booking cannot import the apps that import it. They run inside the booking's
transaction, so what they write commits with it, and an error they raise undoes the change: a
listener may refuse it (e.g. completing a dosing session without its session record)."""

from django.conf import settings
from django.utils.module_loading import import_string


def appointment_booked(*, request, appointment, at) -> None:
    """``appointment`` was just booked (held or confirmed) at ``at``. Booking refuses a dose booking
    without the patient's acknowledgement that they will not drive until the next day, so a dose
    appointment told here carries that acknowledgement, given at ``at``."""
    _tell("appointment_booked", request=request, appointment=appointment, at=at)


def appointment_status_changed(*, request, appointment, from_status: str) -> None:
    """``appointment`` moved from ``from_status`` to its current status (saved)."""
    _tell("appointment_status_changed", request=request, appointment=appointment, from_status=from_status)


def _tell(event: str, **facts) -> None:
    for path in settings.BOOKING_EVENT_LISTENERS.get(event, ()):
        import_string(path)(**facts)
