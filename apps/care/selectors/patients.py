"""The clinic's patient list: each patient's stage, latest scores and next appointment."""

from datetime import datetime

from django.db.models import Case, Exists, F, OuterRef, QuerySet, Subquery, Value, When

from apps.booking.models import OCCUPYING_STATUSES, Appointment
from apps.clinics.models import Clinic
from apps.clinics.selectors import patients_for_clinic

from ..models import Escort, SafetyAlert, TreatmentPlan

# Where a patient is on the pathway at a clinic: no current plan yet, or their plan's phase and status.
PATIENT_STAGES = ("no_plan", "induction", "maintenance", "paused")
# What a row may be flagged for: an open PHQ-9 item-9 safety alert; a current plan but no escort named
# for the ride home after dosing.
PATIENT_FLAGS = ("safety_alert", "no_escort")
PATIENT_SORTS = ("name", "next_appointment")


def clinic_patient_list(
    clinic: Clinic,
    *,
    at: datetime,
    search: str = "",
    stage: str | None = None,
    flag: str | None = None,
    sort: str = "name",
) -> QuerySet:
    """The clinic's patients, each annotated with ``open_safety_alert``, ``no_escort``, ``stage`` and
    ``next_appointment_at`` (their next booked visit here after ``at``). Patients with an open safety
    alert always come first; then by name, or by next appointment (soonest first, none last)."""
    current_plans = TreatmentPlan.objects.filter(
        patient=OuterRef("pk"), clinic=clinic, status__in=TreatmentPlan.CURRENT_STATUSES
    )
    next_visits = Appointment.objects.filter(
        patient=OuterRef("pk"), clinic=clinic, status__in=OCCUPYING_STATUSES, recovery_ends_at__gt=at
    ).order_by("starts_at")
    patients = patients_for_clinic(clinic, search=search).annotate(
        open_safety_alert=Exists(
            SafetyAlert.objects.filter(patient=OuterRef("pk"), clinic=clinic, acknowledged_at__isnull=True)
        ),
        no_escort=Exists(current_plans) & ~Exists(Escort.objects.filter(patient=OuterRef("pk"))),
        plan_status=Subquery(current_plans.values("status")[:1]),
        plan_maintenance=Subquery(current_plans.values("maintenance_started_at")[:1]),
        next_appointment_at=Subquery(next_visits.values("starts_at")[:1]),
    )
    patients = patients.annotate(
        stage=Case(
            When(plan_status__isnull=True, then=Value("no_plan")),
            When(plan_status=TreatmentPlan.Status.PAUSED, then=Value("paused")),
            When(plan_maintenance__isnull=False, then=Value("maintenance")),
            default=Value("induction"),
        )
    )
    if stage:
        patients = patients.filter(stage=stage)
    if flag == "safety_alert":
        patients = patients.filter(open_safety_alert=True)
    elif flag == "no_escort":
        patients = patients.filter(no_escort=True)
    by_name = ("patient_profile__legal_name", "email")
    if sort == "next_appointment":
        return patients.order_by("-open_safety_alert", F("next_appointment_at").asc(nulls_last=True), *by_name)
    return patients.order_by("-open_safety_alert", *by_name)
