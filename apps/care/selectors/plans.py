"""Consultation outcomes and treatment plans."""

from django.db.models import QuerySet

from apps.clinics.models import Clinic, ClinicMembership, Role

from ..exceptions import NoPlan
from ..models import ConsultationOutcome, TreatmentPlan


def clinic_provider(clinic: Clinic, user_id):
    """An active provider of ``clinic`` by user id, or None."""
    membership = (
        ClinicMembership.objects.filter(clinic=clinic, user_id=user_id, role=Role.PROVIDER, is_active=True)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def consultation_outcomes_at_clinic(patient, clinic: Clinic) -> QuerySet[ConsultationOutcome]:
    return ConsultationOutcome.objects.filter(patient=patient, clinic=clinic).select_related(
        "provider__provider_profile", "recorded_by"
    )


def latest_consultation_outcome(patient, clinic: Clinic) -> ConsultationOutcome | None:
    return consultation_outcomes_at_clinic(patient, clinic).order_by("-decided_at", "-pk").first()


def _plans() -> QuerySet[TreatmentPlan]:
    return TreatmentPlan.objects.select_related("clinic", "provider__provider_profile")


def current_plan(patient, *, clinic: Clinic | None = None, lock: bool = False) -> TreatmentPlan | None:
    """The patient's active or paused plan, wherever it is (or at ``clinic``); with ``lock``, its row
    is locked until the transaction ends (``SELECT … FOR UPDATE``)."""
    plans = _plans().select_for_update(of=("self",)) if lock else _plans()
    if clinic is not None:
        plans = plans.filter(clinic=clinic)
    return plans.filter(patient=patient, status__in=TreatmentPlan.CURRENT_STATUSES).first()


def plan_for_patient(patient) -> TreatmentPlan:
    """What the patient sees: the current plan, else the latest completed one."""
    plan = current_plan(patient) or _plans().filter(patient=patient).order_by("-created_at", "-pk").first()
    if plan is None:
        raise NoPlan()
    return plan


def plan_at_clinic(patient, clinic: Clinic) -> TreatmentPlan:
    """What the clinic's staff see: the plan made at their clinic, the current one before older ones."""
    plans = _plans().filter(patient=patient, clinic=clinic).prefetch_related("adjustments__adjusted_by")
    plan = plans.filter(status__in=TreatmentPlan.CURRENT_STATUSES).first() or plans.order_by("-created_at").first()
    if plan is None:
        raise NoPlan()
    return plan
