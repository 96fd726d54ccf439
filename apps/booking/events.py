"""What happens to appointments, told to the apps that build on booking (the care pathway records a
dose booking's escort and assigns reading), one call per moment from the service where it happens.

Listeners register on the hooks below (booking cannot import the apps that build on it). They run
inside the booking's transaction, so what they write commits with it, and an error they raise undoes
the change: a listener may refuse it (e.g. completing a dosing session without its session record)."""

from collections.abc import Callable

from apps.core.hooks import Hook

# ``listener(actor=, appointments=, at=)``: one booking, or every session of a series
booked_listeners: Hook[Callable[..., None]] = Hook("booking.appointment_booked")
# ``listener(actor=, appointment=, from_status=)``
status_changed_listeners: Hook[Callable[..., None]] = Hook("booking.appointment_status_changed")
# ``listener(actor=, appointment=)``
moved_listeners: Hook[Callable[..., None]] = Hook("booking.appointment_moved")


def appointments_booked(*, actor, appointments, at) -> None:
    """``appointments`` (one patient's, of one service at one clinic: a booking, or a series) were
    just booked (held or confirmed) at ``at``. Booking refuses a dose booking without the patient's
    acknowledgement that they will not drive until the next day, so a dose appointment told here
    carries that acknowledgement, given at ``at``."""
    for listener in booked_listeners.all():
        listener(actor=actor, appointments=appointments, at=at)


def appointment_status_changed(*, actor, appointment, from_status: str) -> None:
    """``appointment`` moved from ``from_status`` to its current status (saved)."""
    for listener in status_changed_listeners.all():
        listener(actor=actor, appointment=appointment, from_status=from_status)


def appointment_moved(*, actor, appointment) -> None:
    """``appointment`` was moved to another time (or provider), keeping its id and status (saved)."""
    for listener in moved_listeners.all():
        listener(actor=actor, appointment=appointment)
