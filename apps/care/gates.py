"""What the care pathway requires before the booking app may book an appointment.

``care_booking_gate`` is care's entry in booking's gates (``settings.BOOKING_PATHWAY_GATES``): booking
calls it inside its transaction for every booking path (single appointments, series, reschedules),
whoever books. It refuses with a 409 ``booking_not_allowed`` that lists every blocker, each with its
stable ``code``, plain-language ``message`` and ``details``. Clinic staff booking on a patient's
behalf meet the same gates. Doses are bounded by the plan (``plan_limits``); a clinician who needs
more changes the plan, and a change that allows more is documented with its reason
(``treatment_plan_update``), rather than a booking slipping past the plan.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apps.booking.gates import BookingNotAllowed
from apps.booking.models import DOSE_KINDS, Appointment, DosingRoute, ServiceKind, ServiceType
from apps.clinics.models import Clinic
from apps.core.clock import now

from .models import ConsentKind, TreatmentPlan
from .plan_limits import PLAN_LIMIT, plan_limits_broken, remaining_induction
from .selectors.assessments import phq9_times_between
from .selectors.consents import consents_missing
from .selectors.intake import intake_is_submitted
from .selectors.plans import current_plan
from .selectors.sessions import escort_is_named

# The consents each kind of booking needs. The treatment consent comes with the treatment plan, after
# the consultation, so a consultation needs only the privacy notice and the financial policy (and the
# telehealth consent when it is held by video).
CONSULTATION_CONSENT_KINDS = (ConsentKind.PRIVACY, ConsentKind.FINANCIAL)
DOSING_CONSENT_KINDS = (ConsentKind.TREATMENT, ConsentKind.PRIVACY, ConsentKind.FINANCIAL)

# A dosing session needs a PHQ-9 taken within this long before it starts.
PHQ9_VALID_FOR = timedelta(days=30)
PHQ9_MESSAGE = "Please complete a PHQ-9 check-in: one is needed within the 30 days before each dosing session."

REFUSAL_MESSAGE = "This appointment cannot be booked yet. Each step below needs to be done first."


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "details": self.details}


ESCORT_REQUIRED = Blocker(
    "escort_required",
    "Please name the adult who will take you home after the session, and confirm that you will not drive until "
    "the next day.",
)


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
    return dose_sessions_blockers(patient=patient, clinic=clinic, route=route, starts=[at])


def dose_sessions_blockers(
    *,
    patient,
    clinic: Clinic,
    route: str,
    starts: Sequence[datetime],
    kind: str = ServiceKind.DOSING,
    moving: Appointment | None = None,
    lock_plan: bool = False,
) -> list[Blocker]:
    """``dosing_booking_blockers`` for sessions booked together (a series): the same requirements, with
    the PHQ-9 window checked against each session's own start, and the doses the plan still allows
    (``plan_limits``; ``moving`` is an appointment being moved; ``lock_plan`` locks the plan read, in a
    transaction). Each blocker is listed once."""
    if not starts or any(at.tzinfo is None for at in starts):
        raise ValueError("starts must be one or more aware datetimes.")
    if route not in DosingRoute.values:
        raise ValueError(f"Unknown route {route!r}.")
    plan = current_plan(patient, lock=lock_plan)
    blockers = _plan_blockers(plan, clinic, route)
    if not blockers:
        blockers += _plan_limit_blockers(plan, kind=kind, starts=starts, moving=moving)
    blockers += _consent_blockers(patient, clinic, DOSING_CONSENT_KINDS)
    blockers += _phq9_blockers(patient, starts)
    if not escort_is_named(patient):
        blockers.append(ESCORT_REQUIRED)
    return blockers


def _phq9_blockers(patient, starts: Sequence[datetime]) -> list[Blocker]:
    taken = phq9_times_between(patient, start=min(starts) - PHQ9_VALID_FOR, end=max(starts))
    uncovered = [
        index for index, at in enumerate(starts) if not any(at - PHQ9_VALID_FOR <= when <= at for when in taken)
    ]
    if not uncovered:
        return []
    if len(starts) == 1:
        valid_from = starts[0] - PHQ9_VALID_FOR
        return [Blocker("phq9_required", PHQ9_MESSAGE, {"taken_on_or_after": valid_from.isoformat()})]
    message = f"{PHQ9_MESSAGE} {_sessions_in_words(uncovered).capitalize()} of this series would have none."
    if max(starts[index] for index in uncovered) > now() + PHQ9_VALID_FOR:
        message += " A check-in today covers the next 30 days only: book later sessions closer to their date."
    details = {
        "sessions": [
            {"session": index, "taken_on_or_after": (starts[index] - PHQ9_VALID_FOR).isoformat()} for index in uncovered
        ]
    }
    return [Blocker("phq9_required", message, details)]


def _sessions_in_words(indexes: list[int]) -> str:
    """[4] → "session 5"; [3, 4, 5] → "sessions 4, 5 and 6" (people count from one)."""
    numbers = [str(index + 1) for index in indexes]
    if len(numbers) == 1:
        return f"session {numbers[0]}"
    return f"sessions {', '.join(numbers[:-1])} and {numbers[-1]}"


def _plan_blockers(plan: TreatmentPlan | None, clinic: Clinic, route: str) -> list[Blocker]:
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


def _plan_limit_blockers(plan: TreatmentPlan, *, kind: str, starts, moving) -> list[Blocker]:
    broken = plan_limits_broken(plan, kind=kind, starts=starts, at=now(), moving=moving)
    return [Blocker(PLAN_LIMIT, rule.message, {"limit": rule.limit, **rule.details}) for rule in broken]


def _consent_blockers(patient, clinic: Clinic, kinds) -> list[Blocker]:
    missing = consents_missing(patient, clinic.organization_id, kinds)
    if not missing:
        return []
    titles = ", ".join(ConsentKind(kind).label.lower() for kind in missing)
    return [Blocker("consent_required", f"Please read and sign the {titles} before booking.", {"kinds": missing})]


def booking_blockers(
    *,
    patient,
    service: ServiceType,
    clinic: Clinic,
    starts: Sequence[datetime],
    moving: Appointment | None = None,
    lock_plan: bool = False,
) -> list[Blocker]:
    """What the care pathway asks before booking ``service``: the consultation's requirements, or a
    dose's (dosing sessions and boosters alike: a booster is a dose). Integration sessions and
    follow-ups are conversations with a clinician who already knows the patient: no requirement."""
    if service.kind == ServiceKind.CONSULTATION:
        return consultation_booking_blockers(patient=patient, clinic=clinic, telehealth=service.is_telehealth)
    if service.kind in DOSE_KINDS:
        return dose_sessions_blockers(
            patient=patient,
            clinic=clinic,
            route=service.route,
            starts=starts,
            kind=service.kind,
            moving=moving,
            lock_plan=lock_plan,
        )
    return []


def care_booking_gate(
    *, patient, service: ServiceType, clinic: Clinic, starts: Sequence[datetime], moving: Appointment | None = None
) -> None:
    """Booking's gate for the care pathway: refuse with every blocker at once, so that the patient (or
    the staff member booking for them) sees all that is left to do. Runs inside the booking's
    transaction: the patient's current plan is locked first, so two bookings of doses for one patient
    (two series sent at once) are counted one after the other, never both against the same allowance."""
    blockers = booking_blockers(
        patient=patient, service=service, clinic=clinic, starts=starts, moving=moving, lock_plan=True
    )
    if blockers:
        raise BookingNotAllowed(REFUSAL_MESSAGE, extra={"blockers": [blocker.as_dict() for blocker in blockers]})


def induction_series_shape(*, patient, service: ServiceType, clinic: Clinic, first_day) -> tuple[int, int] | None:
    """Booking's ``BOOKING_SERIES_SHAPE``: a series of dosing sessions for a patient with a current plan
    at ``clinic`` is what the plan has left of its induction, within what is left of its window; with
    nothing left, the proposal is refused as booking it would be. ``None`` leaves the numbers asked."""
    plan = current_plan(patient)
    if service.kind != ServiceKind.DOSING or plan is None or plan.clinic_id != clinic.pk:
        return None
    sessions, within_days = remaining_induction(plan, at=now(), first_day=first_day)
    if sessions and within_days:
        return sessions, within_days
    message = "Your treatment plan has no induction sessions left to book from this date. Please ask your provider."
    blocker = Blocker(PLAN_LIMIT, message, {"limit": "induction_sessions" if not sessions else "induction_window"})
    raise BookingNotAllowed(REFUSAL_MESSAGE, extra={"blockers": [blocker.as_dict()]})
