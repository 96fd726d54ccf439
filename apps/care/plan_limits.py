"""How many doses a treatment plan allows, and when: ketamine is a controlled substance, so the plan a
provider approved bounds what can be booked, whoever books and by whichever path.

- Induction (dosing sessions): at most the plan's ``induction_sessions``, all within its
  ``induction_window_days`` counted from the first one; none once maintenance has started.
- Maintenance (boosters): only once the induction series is complete, only if the plan sets a booster
  interval, and each booster at least that many days from the doses around it.
- Any dose: at most one a day (the clinic's local day).

Doses counted are the plan's (``plan_sessions``): booked, held and not expired, checked in or
completed; a cancelled session or a no-show gave no dose. Dates are the clinic's local dates."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from apps.booking.models import Appointment, ServiceKind

from .models import TreatmentPlan
from .selectors.sessions import plan_sessions

PLAN_LIMIT = "plan_limit"


@dataclass(frozen=True)
class PlanLimit:
    """One rule of the plan a booking would break: ``limit`` names it for programs, ``message`` for people."""

    limit: str
    message: str
    details: dict


@dataclass(frozen=True)
class _Dose:
    kind: str
    day: date


def plan_limits_broken(
    plan: TreatmentPlan, *, kind: str, starts: Sequence[datetime], at: datetime, moving: Appointment | None = None
) -> list[PlanLimit]:
    """What booking doses of ``kind`` at ``starts`` would break in ``plan`` (empty when nothing).
    ``moving`` is an appointment being moved: its old time no longer counts."""
    zone = ZoneInfo(plan.clinic.timezone)
    booked = _booked_doses(plan, at=at, moving=moving, zone=zone)
    new_days = sorted(start.astimezone(zone).date() for start in starts)
    broken = _one_a_day(booked, new_days)
    if kind == ServiceKind.DOSING:
        broken += _induction_limits(plan, booked, new_days)
    else:
        broken += _booster_limits(plan, booked, new_days)
    return broken


def remaining_induction(plan: TreatmentPlan, *, at: datetime, first_day: date) -> tuple[int, int]:
    """The induction sessions the plan still allows and the days, from ``first_day``, they must fit in:
    what a series proposal for this patient is built from."""
    zone = ZoneInfo(plan.clinic.timezone)
    induction = [dose.day for dose in _booked_doses(plan, at=at, moving=None, zone=zone) if _is_induction(dose)]
    sessions = 0 if plan.maintenance_started_at else max(0, plan.induction_sessions - len(induction))
    window_start = min([*induction, first_day])
    last_day = window_start + timedelta(days=plan.induction_window_days - 1)
    return sessions, max(0, (last_day - first_day).days + 1)


def _booked_doses(plan, *, at, moving, zone) -> list[_Dose]:
    doses = plan_sessions(plan).occupying(at).filter(service__kind__in=(ServiceKind.DOSING, ServiceKind.BOOSTER))
    if moving is not None:
        doses = doses.exclude(pk=moving.pk)
    return [
        _Dose(kind, start.astimezone(zone).date()) for kind, start in doses.values_list("service__kind", "starts_at")
    ]


def _is_induction(dose: _Dose) -> bool:
    return dose.kind == ServiceKind.DOSING


def _one_a_day(booked: list[_Dose], new_days: list[date]) -> list[PlanLimit]:
    taken = [dose.day for dose in booked]
    clashes = sorted({day for index, day in enumerate(new_days) if day in taken or day in new_days[:index]})
    if not clashes:
        return []
    return [
        PlanLimit(
            "one_a_day",
            f"Only one dosing session or booster can be given a day; {_dates(clashes)} already has one.",
            {"dates": [day.isoformat() for day in clashes]},
        )
    ]


def _induction_limits(plan, booked: list[_Dose], new_days: list[date]) -> list[PlanLimit]:
    if plan.maintenance_started_at:
        return [
            PlanLimit(
                "induction_complete",
                "The induction series of your treatment plan is complete: maintenance continues with boosters.",
                {},
            )
        ]
    induction = [dose.day for dose in booked if _is_induction(dose)]
    broken = []
    remaining = max(0, plan.induction_sessions - len(induction))
    if len(new_days) > remaining:
        broken.append(
            PlanLimit(
                "induction_sessions",
                f"Your treatment plan has {_sessions(remaining)} of its induction series left to book; "
                f"this would book {len(new_days)}.",
                {"allowed": plan.induction_sessions, "remaining": remaining, "requested": len(new_days)},
            )
        )
    first = min([*induction, *new_days])
    last_allowed = first + timedelta(days=plan.induction_window_days - 1)
    late = [day for day in new_days if day > last_allowed]
    if late:
        broken.append(
            PlanLimit(
                "induction_window",
                f"Your treatment plan gives the induction series within {plan.induction_window_days} days of the "
                f"first session, so by {last_allowed:%A %d %B}; {_dates(late)} would be later.",
                {"window_days": plan.induction_window_days, "last_day": last_allowed.isoformat()},
            )
        )
    return broken


def _booster_limits(plan, booked: list[_Dose], new_days: list[date]) -> list[PlanLimit]:
    if not plan.maintenance_started_at:
        return [
            PlanLimit(
                "induction_not_complete",
                "Boosters begin once the induction series of your treatment plan is complete.",
                {},
            )
        ]
    interval = plan.booster_interval_days
    if not interval:
        return [PlanLimit("no_boosters", "Your treatment plan has no booster sessions. Please ask your provider.", {})]
    others = [dose.day for dose in booked]
    for index, day in enumerate(new_days):
        neighbours = [*others, *new_days[:index], *new_days[index + 1 :]]
        too_close = [other for other in neighbours if other != day and abs((day - other).days) < interval]
        if too_close:
            return [
                PlanLimit(
                    "booster_interval",
                    f"Your treatment plan spaces boosters at least {interval} days from other doses; one on "
                    f"{day:%d %B} would be too close to {_dates(too_close)}.",
                    {"interval_days": interval, "too_close_to": [other.isoformat() for other in sorted(too_close)]},
                )
            ]
    return []


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _dates(days: list[date]) -> str:
    return ", ".join(f"{day:%d %B}" for day in sorted(days))
