"""Maintenance after the induction series: reminders before, when and after a booster is due, a
check-in questionnaire every two weeks, and an earlier visit offered when scores worsen. Messages go
through the notification outbox; each is checked again just before it is sent (``still_relevant``),
so a booster booked meanwhile stops the reminders and cancelling it lets the next ones go."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apps.booking.models import DOSE_KINDS, Appointment, AppointmentStatus
from apps.clinics.selectors import staff_for_clinic
from apps.core import clock
from apps.core.wall_clock import local_instant
from apps.reminders.services import notification_schedule

from .instruments import PHQ9
from .messages import CareMessage
from .models import Assessment, TreatmentPlan
from .selectors.sessions import plan_progress

CONCERNS_TYPE = "care.treatmentplan"
REMIND_AT = time(10, 0)  # clinic-local
BOOSTER_STAGES = ((CareMessage.BOOSTER_DUE_SOON, -7), (CareMessage.BOOSTER_DUE, 0), (CareMessage.BOOSTER_OVERDUE, 7))
CHECK_IN_EVERY = timedelta(days=14)
WORSENING_POINTS = 5
MODERATE = 10  # PHQ-9 total where the moderate band starts


def _at_clinic(plan: TreatmentPlan, day: date) -> datetime:
    return local_instant(day, REMIND_AT, ZoneInfo(plan.clinic.timezone))


def _plan_message(plan: TreatmentPlan, kind: str, due_at: datetime, revision: str, **context) -> None:
    notification_schedule(
        recipient=plan.patient,
        kind=kind,
        due_at=due_at,
        concerns=(CONCERNS_TYPE, str(plan.pk)),
        clinic=plan.clinic,
        revision=revision,
        context={"path": "/", **context},
    )


def _last_phq9_at(plan: TreatmentPlan):
    return (
        Assessment.objects.filter(patient=plan.patient_id, instrument=PHQ9)
        .order_by("-taken_at")
        .values_list("taken_at", flat=True)
        .first()
    )


def maintenance_reminders_plan(*, at: datetime) -> int:
    """Plan the coming maintenance messages of every active plan in maintenance (idempotent)."""
    planned = 0
    plans = TreatmentPlan.objects.filter(
        status=TreatmentPlan.Status.ACTIVE, maintenance_started_at__isnull=False
    ).select_related("clinic", "patient")
    for plan in plans:
        due = plan_progress(plan, at=at).next_booster_due
        if due is not None:
            for kind, offset in BOOSTER_STAGES:
                when = _at_clinic(plan, due + timedelta(days=offset))
                if when > at:
                    _plan_message(
                        plan, kind, when, due.isoformat(), due_date=f"{due:%A %-d %B %Y}", due_on=due.isoformat()
                    )
                    planned += 1
        since = max(filter(None, [_last_phq9_at(plan), plan.maintenance_started_at]))
        check_in = max(_at_clinic(plan, (since + CHECK_IN_EVERY).astimezone(ZoneInfo(plan.clinic.timezone)).date()), at)
        _plan_message(
            plan,
            CareMessage.CHECK_IN_QUESTIONNAIRE,
            check_in,
            since.isoformat(),
            path="/check-ins",
            since=since.isoformat(),
        )
        planned += 1
    return planned


def _dose_booked_after(plan: TreatmentPlan, moment: datetime) -> bool:
    return Appointment.objects.filter(
        patient=plan.patient_id,
        service__kind__in=DOSE_KINDS,
        status__in=[AppointmentStatus.HELD, AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN],
        starts_at__gte=moment,
    ).exists()


def still_relevant(notification) -> bool:
    plan = TreatmentPlan.objects.select_related("clinic").filter(pk=notification.concerns_id).first()
    if plan is None or plan.status != TreatmentPlan.Status.ACTIVE:
        return False
    if notification.kind == CareMessage.CHECK_IN_QUESTIONNAIRE:
        last = _last_phq9_at(plan)
        return last is None or last.isoformat() <= notification.context["since"]
    if notification.kind == CareMessage.EARLIER_VISIT_OFFERED:
        return not _dose_booked_after(plan, clock.now())
    due = plan_progress(plan).next_booster_due
    return (
        due is not None
        and due.isoformat() == notification.context["due_on"]
        and not _dose_booked_after(plan, clock.now())
    )


def worsening_check(assessment: Assessment) -> bool:
    """A PHQ-9 in maintenance that rose 5 points above the level after induction, or into the
    moderate band from below it: offer the patient an earlier visit and tell their clinic."""
    if assessment.instrument != PHQ9:
        return False
    plan = (
        TreatmentPlan.objects.filter(
            patient=assessment.patient_id, status=TreatmentPlan.Status.ACTIVE, maintenance_started_at__isnull=False
        )
        .select_related("clinic", "patient")
        .first()
    )
    if plan is None:
        return False
    baseline = (
        Assessment.objects.filter(patient=plan.patient_id, instrument=PHQ9, taken_at__lte=plan.maintenance_started_at)
        .order_by("-taken_at")
        .values_list("total_score", flat=True)
        .first()
    )
    if baseline is None:
        return False
    worse = assessment.total_score >= baseline + WORSENING_POINTS or (baseline < MODERATE <= assessment.total_score)
    if not worse:
        return False
    revision = f"assessment-{assessment.pk}"
    _plan_message(plan, CareMessage.EARLIER_VISIT_OFFERED, assessment.taken_at, revision, path="/")
    for membership in staff_for_clinic(plan.clinic):
        notification_schedule(
            recipient=membership.user,
            kind=CareMessage.STAFF_EARLIER_VISIT,
            due_at=assessment.taken_at,
            concerns=(CONCERNS_TYPE, str(plan.pk)),
            clinic=plan.clinic,
            revision=revision,
            context={"path": f"/clinic/{plan.clinic.slug}/patients/{plan.patient_id}"},
        )
    return True
