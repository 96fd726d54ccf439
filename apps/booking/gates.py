"""Whether a patient may book a service at a clinic at all, asked by every booking path (single
appointments, series, reschedules) through one call: ``booking_gates``.

Today's gates are the rules that exist today: an active account, a patient profile, and a home region
for telehealth (licensing). The care pathway (intake, consents, treatment plan) adds its dosing
eligibility as one more entry in ``GATES``; callers do not change."""

from apps.core.exceptions import Conflict


class BookingNotAllowed(Conflict):
    code = "booking_not_allowed"


class PatientProfileRequired(BookingNotAllowed):
    code = "patient_profile_required"
    default_message = "Please complete your patient profile before booking."


class RegionRequired(BookingNotAllowed):
    code = "region_required"
    default_message = "Please add your home state or region to your profile: video visits depend on it."


def _account_is_active(*, patient, service, clinic) -> None:
    if not patient.is_active:
        raise BookingNotAllowed("This account is not active.")


def _has_patient_profile(*, patient, service, clinic) -> None:
    if getattr(patient, "patient_profile", None) is None:
        raise PatientProfileRequired()


def _telehealth_needs_region(*, patient, service, clinic) -> None:
    if service.is_telehealth and not patient.patient_profile.region:
        raise RegionRequired()


GATES = (_account_is_active, _has_patient_profile, _telehealth_needs_region)


def booking_gates(*, patient, service, clinic) -> None:
    """Raise a ``BookingNotAllowed`` (409, with a specific code) if ``patient`` may not book ``service``
    at ``clinic``."""
    for gate in GATES:
        gate(patient=patient, service=service, clinic=clinic)
