"""Whether a patient may book a service at a clinic at all, asked by every booking path (single
appointments, series, reschedules) through one call: ``booking_gates``.

The booking app's own gates are an active account and a patient profile (where the patient will be
for a video visit is asked with the booking itself: ``visit_location``). The care pathway's
requirements (intake, consents, treatment plan, PHQ-9, escort) come last, through the
``pathway_gates`` hook: care builds on booking, so booking cannot import it. The hook is required, so
no deployment starts without them."""

from collections.abc import Callable, Sequence
from datetime import date, datetime

from apps.core.exceptions import Conflict
from apps.core.hooks import Hook

# ``gate(patient=, service=, clinic=, starts=, moving=)`` raises a ``BookingNotAllowed`` to refuse.
Gate = Callable[..., None]
# ``shape(patient=, service=, clinic=, first_day=)`` → (sessions, within days), or None for no opinion.
SeriesShape = Callable[..., tuple[int, int] | None]

pathway_gates: Hook[Gate] = Hook("booking.pathway_gates", required=True)
series_shapes: Hook[SeriesShape] = Hook("booking.series_shape", single=True)


class BookingNotAllowed(Conflict):
    code = "booking_not_allowed"


class PatientProfileRequired(BookingNotAllowed):
    code = "patient_profile_required"
    default_message = "Please complete your patient profile before booking."


def _account_is_active(*, patient, service, clinic, starts, moving=None) -> None:
    if not patient.is_active:
        raise BookingNotAllowed("This account is not active.")


def _has_patient_profile(*, patient, service, clinic, starts, moving=None) -> None:
    if getattr(patient, "patient_profile", None) is None:
        raise PatientProfileRequired()


def _pathway_gates(*, patient, service, clinic, starts, moving=None) -> None:
    for gate in pathway_gates.all():
        gate(patient=patient, service=service, clinic=clinic, starts=starts, moving=moving)


def series_shape(*, patient, service, clinic, first_day: date, sessions: int, within_days: int) -> tuple[int, int]:
    """How many sessions a proposed series for ``patient`` has, within how many days from ``first_day``:
    what the apps built on booking allow (a treatment plan's remaining induction), else the numbers
    asked for."""
    shape = series_shapes.one()
    if patient is None or shape is None:
        return sessions, within_days
    return shape(patient=patient, service=service, clinic=clinic, first_day=first_day) or (sessions, within_days)


GATES = (_account_is_active, _has_patient_profile, _pathway_gates)


def booking_gates(*, patient, service, clinic, starts: Sequence[datetime], moving=None) -> None:
    """Raise a ``BookingNotAllowed`` (409, with a specific code) if ``patient`` may not book ``service``
    at ``clinic`` for sessions starting at ``starts`` (one start, or each session of a series).
    ``moving`` is the appointment a reschedule moves to ``starts``: its old time is not counted."""
    for gate in GATES:
        gate(patient=patient, service=service, clinic=clinic, starts=starts, moving=moving)
