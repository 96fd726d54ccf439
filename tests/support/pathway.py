from collections.abc import Iterator
from contextlib import contextmanager

from apps.booking.events import booked_listeners, status_changed_listeners
from apps.booking.gates import pathway_gates


@contextmanager
def booking_without_the_care_pathway() -> Iterator[None]:
    """The booking engine alone: the care pathway's gates and listeners (tested through booking's API
    in tests/care/test_booking_pathway.py) are off, so a test sets the scene for booking only."""
    with pathway_gates.replaced(), booked_listeners.replaced(), status_changed_listeners.replaced():
        yield
