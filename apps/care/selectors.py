"""Reads of the care pathway. Callers that answer a request audit what they return."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from apps.booking.models import DOSE_KINDS, OCCUPYING_STATUSES, Appointment, AppointmentStatus, ServiceKind
from apps.clinics.models import Clinic, ClinicMembership, ClinicPatient, Role
from apps.clinics.selectors import patients_for_clinic
from apps.core.clock import now

from .exceptions import IntakeNotStarted, IntakeNotSubmitted, NoEscort, NoPlan
from .instruments import INSTRUMENTS, PHQ9
from .models import (
    Assessment,
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
    ConsultationOutcome,
    CrisisResources,
    DosingBookingDetails,
    Escort,
    Intake,
    SafetyAlert,
    SessionRecord,
    TreatmentPlan,
)
from .screening import INTAKE_ANSWER_FIELDS


def intake_for_patient(patient) -> Intake:
    intake = Intake.objects.filter(patient=patient).first()
    if intake is None:
        raise IntakeNotStarted()
    return intake


def submitted_intake_for_patient(patient) -> Intake:
    """The intake as staff see it: only once the patient has submitted it."""
    intake = Intake.objects.filter(patient=patient, status=Intake.Status.SUBMITTED).first()
    if intake is None:
        raise IntakeNotSubmitted()
    return intake


def intake_is_submitted(patient) -> bool:
    return Intake.objects.filter(patient=patient, status=Intake.Status.SUBMITTED).exists()


def intake_answers(intake: Intake) -> dict:
    return {name: getattr(intake, name) for name in INTAKE_ANSWER_FIELDS}


# --- Consents ----------------------------------------------------------------------------------


def current_consent_documents(organization) -> QuerySet[ConsentDocument]:
    """The newest version of each kind of the organization's consent documents."""
    newest_version = (
        ConsentDocument.objects.filter(organization=OuterRef("organization"), kind=OuterRef("kind"))
        .order_by("-version")
        .values("version")[:1]
    )
    return ConsentDocument.objects.filter(organization=organization, version=Subquery(newest_version)).order_by("kind")


def consent_documents_for_patient(patient, organization) -> list[ConsentDocument]:
    """The current documents, each with ``patient_signatures`` (the patient's signature of that version,
    if any) and ``earlier_version_signed`` (so a new version can be announced as such), in the order of
    ``ConsentKind``."""
    signed_earlier = ConsentSignature.objects.filter(
        patient=patient,
        document__organization=OuterRef("organization"),
        document__kind=OuterRef("kind"),
        document__version__lt=OuterRef("version"),
    )
    documents = current_consent_documents(organization).annotate(earlier_version_signed=Exists(signed_earlier))
    documents = documents.prefetch_related(
        Prefetch("signatures", queryset=ConsentSignature.objects.filter(patient=patient), to_attr="patient_signatures")
    )
    order = list(ConsentKind.values)
    return sorted(documents, key=lambda document: order.index(document.kind))


def consents_missing(patient, organization, kinds: Iterable[str]) -> list[str]:
    """The kinds, among ``kinds`` and in their order, that the patient has not signed at the current
    version. A kind the organization has not published counts as missing: a required consent is
    never waived because its document is absent."""
    signed = ConsentSignature.objects.filter(patient=patient, document=OuterRef("pk"))
    signed_kinds = set(
        current_consent_documents(organization)
        .annotate(signed=Exists(signed))
        .filter(signed=True)
        .values_list("kind", flat=True)
    )
    return [kind for kind in kinds if kind not in signed_kinds]


# --- Assessments ---------------------------------------------------------------------------------


def assessments_for_patient(patient) -> QuerySet[Assessment]:
    return Assessment.objects.filter(patient=patient).order_by("-taken_at", "-pk")


def assessment_trend(patient, *, sessions_at: Clinic | None = None) -> dict:
    """Each instrument's scores over time, oldest first, for the charts, and the patient's completed
    dosing sessions (doses: dosing and boosters) so that a chart can mark them: all of them for the
    patient, only those at ``sessions_at`` for a clinic's staff (others would tell them where else the
    patient is treated)."""
    taken = list(Assessment.objects.filter(patient=patient).order_by("taken_at", "pk"))
    return {
        "instruments": [
            {"instrument": instrument, "points": [point for point in taken if point.instrument == instrument.code]}
            for instrument in INSTRUMENTS.values()
        ],
        "sessions": list(completed_dose_sessions(patient, clinic=sessions_at)),
        "assessments": taken,
    }


def phq9_times_between(patient, *, start: datetime, end: datetime) -> list[datetime]:
    """When the patient took a PHQ-9 between ``start`` and ``end`` (inclusive)."""
    return list(
        Assessment.objects.filter(patient=patient, instrument=PHQ9, taken_at__gte=start, taken_at__lte=end)
        .order_by("taken_at")
        .values_list("taken_at", flat=True)
    )


# --- Safety alerts -------------------------------------------------------------------------------


def safety_alert_clinics(patient) -> list[Clinic]:
    """The clinics that must hear, at once, that a patient may be in danger:

    1. the active clinics the patient is registered with (``ClinicPatient``);
    2. else every active clinic of the organizations whose consents the patient signed (they chose
       that organization but have not booked yet);
    3. else every active clinic of the portal: the patient is known to no organization yet, and an
       alert that reaches everyone who runs the portal is better than one that reaches nobody.
    Empty only when the portal has no active clinic at all, which the caller treats as a failure.
    """
    active = Clinic.objects.filter(is_active=True).order_by("pk")
    linked = list(active.filter(patient_links__patient=patient).order_by("patient_links__created_at", "pk"))
    if linked:
        return linked
    chosen_organizations = ConsentSignature.objects.filter(patient=patient).values("document__organization")
    chosen = list(active.filter(organization__in=chosen_organizations))
    return chosen or list(active)


def crisis_configuration_for_patient(patient) -> dict | None:
    """The crisis resources configured by the patient's organization (the first, in the order of
    ``safety_alert_clinics``, that configured any), or None for the US default."""
    organization_ids = list(dict.fromkeys(clinic.organization_id for clinic in safety_alert_clinics(patient)))
    configured = {
        resources.organization_id: resources
        for resources in CrisisResources.objects.filter(organization_id__in=organization_ids)
    }
    for organization_id in organization_ids:
        if organization_id in configured:
            return configured[organization_id].as_configuration()
    return None


def alerts_for_clinic(clinic: Clinic, *, state: str = "open") -> QuerySet[SafetyAlert]:
    """``open`` (longest waiting first), ``acknowledged`` (latest first) or ``all`` (open ones first)."""
    alerts = SafetyAlert.objects.filter(clinic=clinic).select_related(
        "patient__patient_profile", "assessment", "acknowledged_by"
    )
    if state == "open":
        return alerts.filter(acknowledged_at__isnull=True).order_by("raised_at", "pk")
    if state == "acknowledged":
        return alerts.filter(acknowledged_at__isnull=False).order_by("-acknowledged_at", "-pk")
    return alerts.order_by(F("acknowledged_at").desc(nulls_first=True), "raised_at", "pk")


def safety_alert_is_open(notification) -> bool:
    return SafetyAlert.objects.filter(pk=notification.concerns_id, acknowledged_at__isnull=True).exists()


def open_alerts_for_clinic(clinic: Clinic) -> QuerySet[SafetyAlert]:
    """Alerts no one at the clinic has acknowledged yet, longest waiting first: what the staff
    patient list puts at the top."""
    return alerts_for_clinic(clinic, state="open")


# --- Consultation outcomes and treatment plans ---------------------------------------------------


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


# --- Escort --------------------------------------------------------------------------------------


def escort_for_patient(patient) -> Escort:
    escort = Escort.objects.filter(patient=patient).first()
    if escort is None:
        raise NoEscort()
    return escort


def escort_is_named(patient) -> bool:
    return Escort.objects.filter(patient=patient).exists()


# --- Dosing sessions and plan progress -----------------------------------------------------------


def completed_dose_sessions(patient, *, clinic: Clinic | None = None) -> QuerySet[Appointment]:
    """The patient's completed dosing sessions (dosing and boosters), oldest first."""
    sessions = Appointment.objects.filter(
        patient=patient, status=AppointmentStatus.COMPLETED, service__kind__in=DOSE_KINDS
    )
    if clinic is not None:
        sessions = sessions.filter(clinic=clinic)
    return sessions.select_related("clinic").order_by("starts_at", "pk")


def is_first_dose_booking(appointment: Appointment, *, at: datetime) -> bool:
    """Whether ``appointment`` (a dosing session) is the patient's first: no other dosing session of
    theirs is booked, under way or done (cancelled ones and lapsed holds do not count)."""
    return (
        appointment.service.kind == ServiceKind.DOSING
        and not Appointment.objects.occupying(at)
        .filter(patient=appointment.patient_id, service__kind__in=DOSE_KINDS)
        .exclude(pk=appointment.pk)
        .exists()
    )


def next_appointment_start(patient, clinic: Clinic, *, after: datetime) -> datetime | None:
    """When the patient's next booked appointment at ``clinic`` starts: what reading is due before."""
    return (
        Appointment.objects.occupying(after)
        .filter(patient=patient, clinic=clinic, starts_at__gt=after)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def intake_submitted_before_registration(patient, clinic: Clinic) -> bool:
    """Whether the patient submitted their intake no later than they were registered with ``clinic``:
    then submitting it could not assign that clinic's reading, and booking there should."""
    registered_at = ClinicPatient.objects.filter(clinic=clinic, patient=patient).values("created_at")[:1]
    return Intake.objects.filter(
        patient=patient, status=Intake.Status.SUBMITTED, submitted_at__lte=Subquery(registered_at)
    ).exists()


def registered_clinics(patient) -> QuerySet[Clinic]:
    return Clinic.objects.filter(patient_links__patient=patient, is_active=True).order_by("pk")


def plan_sessions(plan: TreatmentPlan) -> QuerySet[Appointment]:
    """The appointments a plan counts: the patient's at the plan's clinic since the plan was made
    (an earlier plan's sessions are that plan's)."""
    return Appointment.objects.filter(patient=plan.patient_id, clinic=plan.clinic_id, starts_at__gte=plan.created_at)


def induction_sessions_completed(plan: TreatmentPlan) -> int:
    return plan_sessions(plan).filter(service__kind=ServiceKind.DOSING, status=AppointmentStatus.COMPLETED).count()


@dataclass(frozen=True)
class PlanProgress:
    """Where a patient is in their plan. ``induction_booked`` counts sessions booked and not yet done
    (held, confirmed or checked in); ``last_dose_at`` is the start of the latest completed dosing
    session or booster; ``next_booster_due`` is a date in the clinic's time zone, once maintenance
    has started and the plan sets a booster interval."""

    induction_total: int
    induction_completed: int
    induction_booked: int
    integration_total: int
    integration_completed: int
    last_dose_at: datetime | None
    zone: ZoneInfo
    maintenance_started_at: datetime | None
    next_booster_due: date | None

    @property
    def summary(self) -> str:
        return f"{self.induction_completed} of {self.induction_total} induction sessions"

    @property
    def phase(self) -> str:
        return "maintenance" if self.maintenance_started_at else "induction"


def plan_progress(plan: TreatmentPlan, *, at: datetime | None = None) -> PlanProgress:
    """Counts from one query, whatever the number of sessions."""
    at = at or now()
    completed = Q(status=AppointmentStatus.COMPLETED)
    booked = Q(status__in=OCCUPYING_STATUSES) & ~completed & ~Q(status=AppointmentStatus.HELD, hold_expires_at__lte=at)
    dosing, integration = Q(service__kind=ServiceKind.DOSING), Q(service__kind=ServiceKind.INTEGRATION)
    counts = plan_sessions(plan).aggregate(
        induction_completed=Count("pk", filter=dosing & completed),
        induction_booked=Count("pk", filter=dosing & booked),
        integration_completed=Count("pk", filter=integration & completed),
        last_dose_at=Max("starts_at", filter=Q(service__kind__in=DOSE_KINDS) & completed),
    )
    zone = ZoneInfo(plan.clinic.timezone)
    last_dose_at = counts["last_dose_at"]
    next_booster_due = None
    if plan.maintenance_started_at and plan.booster_interval_days and last_dose_at:
        next_booster_due = last_dose_at.astimezone(zone).date() + timedelta(days=plan.booster_interval_days)
    return PlanProgress(
        induction_total=plan.induction_sessions,
        induction_completed=min(counts["induction_completed"], plan.induction_sessions),
        induction_booked=counts["induction_booked"],
        integration_total=plan.integration_sessions,
        integration_completed=counts["integration_completed"],
        last_dose_at=last_dose_at,
        zone=zone,
        maintenance_started_at=plan.maintenance_started_at,
        next_booster_due=next_booster_due,
    )


# --- Session records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSheet:
    """What staff see for one dosing session: the appointment, what its booking recorded (escort,
    no-driving acknowledgement) and the session record, if one was started."""

    appointment: Appointment
    booking_details: DosingBookingDetails | None
    record: SessionRecord | None


def session_sheet(appointment: Appointment) -> SessionSheet:
    records = SessionRecord.objects.filter(appointment=appointment).select_related("recorded_by", "completed_by")
    return SessionSheet(
        appointment=appointment,
        booking_details=DosingBookingDetails.objects.filter(appointment=appointment).first(),
        record=records.first(),
    )


def session_record_is_completed(appointment: Appointment) -> bool:
    return SessionRecord.objects.filter(appointment=appointment, completed_at__isnull=False).exists()


# --- The clinic's patient list -------------------------------------------------------------------

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
