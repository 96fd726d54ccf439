"""Consultation outcomes and treatment plans (created, adjusted with a reason, moved to maintenance)."""

from django.db import IntegrityError, transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.core.clock import now
from apps.education.models import ReadingEvent
from apps.education.services import reading_assign_for_event

from ..exceptions import AdjustmentReasonRequired, ConsultationNotAccepted, PlanCompleted, PlanExists, ProviderRequired
from ..models import (
    DEFAULT_INDUCTION_SESSIONS,
    DEFAULT_INDUCTION_WINDOW_DAYS,
    ConsultationOutcome,
    PlanAdjustment,
    TreatmentPlan,
)
from ..selectors.plans import clinic_provider, latest_consultation_outcome
from ..selectors.sessions import induction_sessions_completed, next_appointment_start


def responsible_provider(*, clinic, actor, provider_id=None):
    """The provider a clinical record is under: the one named, or the acting user when they are a
    provider of the clinic themselves. Either way an active provider of ``clinic``."""
    provider = clinic_provider(clinic, provider_id if provider_id is not None else actor.pk)
    if provider is None:
        message = "No such provider at this clinic." if provider_id is not None else ProviderRequired.default_message
        raise ProviderRequired(message, fields={"provider": [message]})
    return provider


@transaction.atomic
def consultation_outcome_record(
    *, actor, clinic, patient, provider, decision: str, notes: str = ""
) -> ConsultationOutcome:
    outcome = ConsultationOutcome.objects.create(
        patient=patient,
        clinic=clinic,
        provider=provider,
        decision=decision,
        notes=notes,
        decided_at=now(),
        recorded_by=actor,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=outcome, patient=patient, clinic=clinic)
    return outcome


@transaction.atomic
def treatment_plan_create(
    *,
    actor,
    clinic,
    patient,
    provider,
    approved_routes: list[str],
    induction_sessions: int = DEFAULT_INDUCTION_SESSIONS,
    induction_window_days: int = DEFAULT_INDUCTION_WINDOW_DAYS,
    integration_sessions: int = 0,
    booster_interval_days: int | None = None,
) -> TreatmentPlan:
    """A plan for a patient whose latest consultation outcome at ``clinic`` is "accepted"."""
    outcome = latest_consultation_outcome(patient, clinic)
    if outcome is None or outcome.decision != ConsultationOutcome.Decision.ACCEPTED:
        raise ConsultationNotAccepted()
    if TreatmentPlan.objects.filter(patient=patient, status__in=TreatmentPlan.CURRENT_STATUSES).exists():
        raise PlanExists()
    plan = TreatmentPlan(
        patient=patient,
        clinic=clinic,
        provider=provider,
        consultation_outcome=outcome,
        approved_routes=approved_routes,
        induction_sessions=induction_sessions,
        induction_window_days=induction_window_days,
        integration_sessions=integration_sessions,
        booster_interval_days=booster_interval_days,
    )
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:  # another plan was created at the same moment
        raise PlanExists() from error
    audit_record(actor=actor, action=AuditAction.CREATE, obj=plan, patient=patient, clinic=clinic)
    return plan


PLAN_ADJUSTABLE_FIELDS = {
    "approved_routes",
    "induction_sessions",
    "induction_window_days",
    "integration_sessions",
    "booster_interval_days",
    "status",
    "provider",
}


# What a plan allows of the controlled substance: changing any of these is documented.
DOSE_LIMIT_FIELDS = ("approved_routes", "induction_sessions", "induction_window_days", "booster_interval_days")


@transaction.atomic
def treatment_plan_update(*, actor, plan: TreatmentPlan, reason: str = "", **changes) -> TreatmentPlan:
    """Adjust a current plan: routes, counts, interval, provider, or status (active, paused, completed).
    Completing is final. A change to what can be booked is recorded (``PlanAdjustment``) with
    ``reason``, which is required when the change allows more (``_widens``)."""
    unknown = set(changes) - PLAN_ADJUSTABLE_FIELDS
    if unknown:
        raise ValueError(f"Not adjustable plan fields: {sorted(unknown)}")
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == TreatmentPlan.Status.COMPLETED:
        raise PlanCompleted()
    limits_changed = {
        name: [getattr(plan, name), value]
        for name, value in changes.items()
        if name in DOSE_LIMIT_FIELDS and getattr(plan, name) != value
    }
    if _widens(limits_changed) and not reason.strip():
        raise AdjustmentReasonRequired(fields={"reason": ["Say why the plan allows more."]})
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.full_clean(validate_constraints=False)
    plan.save()
    if limits_changed:
        PlanAdjustment.objects.create(
            plan=plan, adjusted_by=actor, adjusted_at=now(), changes=limits_changed, reason=reason.strip()
        )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=plan, patient=plan.patient, clinic=plan.clinic)
    if plan.status != TreatmentPlan.Status.COMPLETED:  # a shorter induction may be complete already
        plan = plan_maintenance_start_if_due(actor=actor, plan=plan, at=now())
    return plan


def _widens(changes: dict) -> bool:
    """Whether the changes let more be booked: a new route, more induction sessions or days, boosters
    where there were none, or closer together."""
    before = {name: old for name, (old, _new) in changes.items()}
    after = {name: new for name, (_old, new) in changes.items()}
    routes_added = bool(set(after.get("approved_routes", [])) - set(before.get("approved_routes", [])))
    more = any(after[name] > before[name] for name in ("induction_sessions", "induction_window_days") if name in after)
    boosters = "booster_interval_days" in after and after["booster_interval_days"] is not None
    sooner = boosters and (
        before["booster_interval_days"] is None or after["booster_interval_days"] < before["booster_interval_days"]
    )
    return routes_added or more or sooner


@transaction.atomic
def plan_maintenance_start_if_due(*, actor, plan: TreatmentPlan, at) -> TreatmentPlan:
    """Record that maintenance started, once, when the plan's induction series is complete, and assign
    its reading (due before the patient's next appointment there, if one is booked)."""
    plan = TreatmentPlan.objects.select_for_update().select_related("patient", "clinic").get(pk=plan.pk)
    if plan.maintenance_started_at is not None or induction_sessions_completed(plan) < plan.induction_sessions:
        return plan
    plan.maintenance_started_at = at
    plan.save(update_fields=["maintenance_started_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=plan, patient=plan.patient, clinic=plan.clinic)
    reading_assign_for_event(
        patient=plan.patient,
        event=ReadingEvent.MAINTENANCE_STARTED,
        clinic=plan.clinic,
        due_at=next_appointment_start(plan.patient, plan.clinic, after=at),
    )
    return plan
