"""What the care pathway requires before the booking app may book an appointment.

The booking app calls these while booking (inside its transaction) and refuses the booking when the
list is not empty, passing each blocker's stable ``code`` and plain-language ``message`` (and its
``details``) to the patient, for example as ``extra={"blockers": [b.as_dict() for b in blockers]}``
of a 409. An empty list means every care requirement is met.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apps.clinics.models import Clinic

from .models import ConsentKind, DosingRoute, TreatmentPlan
from .selectors import consents_missing, current_plan, escort_is_named, intake_is_submitted, phq9_taken_between

# The consents each kind of booking needs. The treatment consent comes with the treatment plan, after
# the consultation, so a consultation needs only the privacy notice and the financial policy (and the
# telehealth consent when it is held by video).
CONSULTATION_CONSENT_KINDS = (ConsentKind.PRIVACY, ConsentKind.FINANCIAL)
DOSING_CONSENT_KINDS = (ConsentKind.TREATMENT, ConsentKind.PRIVACY, ConsentKind.FINANCIAL)

# A dosing session needs a PHQ-9 taken within this long before it starts.
PHQ9_VALID_FOR = timedelta(days=30)


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "details": self.details}


def consultation_booking_blockers(*, patient, clinic: Clinic, telehealth: bool) -> list[Blocker]:
    """Why ``patient`` may not book an initial consultation at ``clinic`` (empty when they may)."""
    blockers = []
    if not intake_is_submitted(patient):
        blockers.append(
            Blocker(
                "intake_required",
                "Please complete and submit your intake questionnaire before booking a consultation.",
            )
        )
    kinds = (*CONSULTATION_CONSENT_KINDS, ConsentKind.TELEHEALTH) if telehealth else CONSULTATION_CONSENT_KINDS
    blockers += _consent_blockers(patient, clinic, kinds)
    return blockers


def dosing_booking_blockers(*, patient, clinic: Clinic, route: str, at: datetime) -> list[Blocker]:
    """Why ``patient`` may not book a dosing session by ``route`` at ``clinic`` starting ``at``
    (empty when they may): an active plan at the clinic that approves the route, the dosing consents
    signed at their current versions, a PHQ-9 within the 30 days before ``at``, and a named escort."""
    if at.tzinfo is None:
        raise ValueError("at must be an aware datetime.")
    if route not in DosingRoute.values:
        raise ValueError(f"Unknown route {route!r}.")
    blockers = _plan_blockers(patient, clinic, route)
    blockers += _consent_blockers(patient, clinic, DOSING_CONSENT_KINDS)
    valid_from = at - PHQ9_VALID_FOR
    if not phq9_taken_between(patient, start=valid_from, end=at):
        blockers.append(
            Blocker(
                "phq9_required",
                "Please complete a PHQ-9 check-in: one is needed within the 30 days before each dosing session.",
                {"taken_on_or_after": valid_from.isoformat()},
            )
        )
    if not escort_is_named(patient):
        blockers.append(
            Blocker(
                "escort_required",
                "Please name the adult who will take you home after the session, and confirm that you will not "
                "drive until the next day.",
            )
        )
    return blockers


def _plan_blockers(patient, clinic: Clinic, route: str) -> list[Blocker]:
    plan = current_plan(patient)
    if plan is None or plan.clinic_id != clinic.pk:
        return [
            Blocker(
                "no_active_plan",
                "Booking a dosing session needs an active treatment plan at this clinic. Your provider sets one "
                "up after your consultation.",
            )
        ]
    if plan.status == TreatmentPlan.Status.PAUSED:
        return [
            Blocker(
                "no_active_plan",
                "Your treatment plan is paused. Please talk with your provider before booking a dosing session.",
            )
        ]
    if route not in plan.approved_routes:
        approved = ", ".join(DosingRoute(code).label for code in plan.approved_routes)
        return [
            Blocker(
                "route_not_approved",
                f"Your treatment plan does not include {DosingRoute(route).label}. It includes: {approved}.",
                {"route": route, "approved_routes": list(plan.approved_routes)},
            )
        ]
    return []


def _consent_blockers(patient, clinic: Clinic, kinds) -> list[Blocker]:
    missing = consents_missing(patient, clinic.organization_id, kinds)
    if not missing:
        return []
    titles = ", ".join(ConsentKind(kind).label.lower() for kind in missing)
    return [Blocker("consent_required", f"Please read and sign the {titles} before booking.", {"kinds": missing})]
