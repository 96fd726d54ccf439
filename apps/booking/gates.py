"""Whether a patient may book a service at a clinic at all, asked by every booking path (single
appointments, series, reschedules) through one call: ``booking_gates``.

The booking app's own gates are an active account and a patient profile (where the patient will be
for a video visit is asked with the booking itself: ``visit_location``). The care pathway's
requirements (intake, consents, treatment plan, PHQ-9, escort) come last, through
``settings.BOOKING_PATHWAY_GATES``: see ``_pathway_gates`` for why a dotted path rather than an import."""

from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.utils.module_loading import import_string

from apps.core.exceptions import Conflict


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
    """The gates of the apps that build on booking, named by dotted path in settings.

    The care app imports booking (routes, appointments), so booking importing care would be a cycle.
    A dotted path in settings rather than a registry that care fills in ``AppConfig.ready()``: the
    list is visible in one place, a wrong path stops ``manage.py check`` (``checks.py``) instead of a
    safety gate going missing in silence, and no app-loading order can leave it empty. Resolved per
    call (``import_string`` caches the module), so a test may replace the list with ``settings``."""
    for path in settings.BOOKING_PATHWAY_GATES:
        import_string(path)(patient=patient, service=service, clinic=clinic, starts=starts, moving=moving)


def series_shape(*, patient, service, clinic, first_day: date, sessions: int, within_days: int) -> tuple[int, int]:
    """How many sessions a proposed series for ``patient`` has, within how many days from ``first_day``:
    what the apps built on booking allow (a treatment plan's remaining induction), else the numbers
    asked for. Named by ``settings.BOOKING_SERIES_SHAPE`` like the gates, for the same reasons."""
    if patient is None or not settings.BOOKING_SERIES_SHAPE:
        return sessions, within_days
    shape = import_string(settings.BOOKING_SERIES_SHAPE)(
        patient=patient, service=service, clinic=clinic, first_day=first_day
    )
    return shape or (sessions, within_days)


GATES = (_account_is_active, _has_patient_profile, _pathway_gates)


def booking_gates(*, patient, service, clinic, starts: Sequence[datetime], moving=None) -> None:
    """Raise a ``BookingNotAllowed`` (409, with a specific code) if ``patient`` may not book ``service``
    at ``clinic`` for sessions starting at ``starts`` (one start, or each session of a series).
    ``moving`` is the appointment a reschedule moves to ``starts``: its old time is not counted."""
    for gate in GATES:
        gate(patient=patient, service=service, clinic=clinic, starts=starts, moving=moving)
