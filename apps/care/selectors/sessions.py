"""The escort, dosing sessions and the plan's progress, and session records."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q, QuerySet, Subquery

from apps.booking.models import DOSE_KINDS, OCCUPYING_STATUSES, Appointment, AppointmentStatus, ServiceKind
from apps.clinics.models import Clinic, ClinicPatient
from apps.core.clock import now

from ..exceptions import NoEscort
from ..models import DosingBookingDetails, Escort, Intake, SessionRecord, TreatmentPlan


def escort_for_patient(patient) -> Escort:
    escort = Escort.objects.filter(patient=patient).first()
    if escort is None:
        raise NoEscort()
    return escort


def escort_is_named(patient) -> bool:
    return Escort.objects.filter(patient=patient).exists()


def completed_dose_sessions(patient, *, clinic: Clinic | None = None) -> QuerySet[Appointment]:
    """The patient's completed dosing sessions (dosing and boosters), oldest first."""
    sessions = Appointment.objects.filter(
        patient=patient, status=AppointmentStatus.COMPLETED, service__kind__in=DOSE_KINDS
    )
    if clinic is not None:
        sessions = sessions.filter(clinic=clinic)
    return sessions.select_related("clinic").order_by("starts_at", "pk")


def is_first_dose_booking(appointments: list[Appointment], *, at: datetime) -> bool:
    """Whether ``appointments`` (dosing sessions booked together: one, or a series) hold the patient's
    first: no other dose of theirs is booked, under way or done (cancelled ones and lapsed holds do
    not count)."""
    return (
        appointments[0].service.kind == ServiceKind.DOSING
        and not Appointment.objects.occupying(at)
        .filter(patient=appointments[0].patient_id, service__kind__in=DOSE_KINDS)
        .exclude(pk__in=[appointment.pk for appointment in appointments])
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
