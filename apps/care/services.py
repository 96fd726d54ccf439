"""Writes of the care pathway: keyword-only, atomic, audited."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from apps.audit.context import client_ip
from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.booking.gates import BookingNotAllowed
from apps.booking.models import Appointment, AppointmentStatus, ServiceKind
from apps.booking.services.status import appointment_transition
from apps.clinics.selectors import staff_for_clinic
from apps.core.clock import now
from apps.education.models import ReadingEvent
from apps.education.services import reading_assign_for_event
from apps.reminders.kinds import Kind
from apps.reminders.services import notification_schedule
from apps.reminders.tasks import dispatch_due_notifications

from .crisis import crisis_payload
from .exceptions import (
    AdjustmentReasonRequired,
    AlertAlreadyAcknowledged,
    ConsentAlreadySigned,
    ConsentTextMismatch,
    ConsentVersionConflict,
    ConsentVersionOutdated,
    ConsultationNotAccepted,
    IntakeAlreadySubmitted,
    IntakeIncomplete,
    IntakeNotStarted,
    LegalNameRequired,
    NoClinicToAlert,
    NoSessionRecord,
    PlanCompleted,
    PlanExists,
    ProviderRequired,
    SafetyAlertFailed,
    SessionNotOpen,
    SessionRecordCompleted,
    SessionRecordIncomplete,
    SignatureNameMismatch,
)
from .gates import ESCORT_REQUIRED, REFUSAL_MESSAGE
from .instruments import score, self_harm_answer
from .maintenance import worsening_check
from .models import (
    DEFAULT_INDUCTION_SESSIONS,
    DEFAULT_INDUCTION_WINDOW_DAYS,
    SESSION_RECORD_REQUIRED_FIELDS,
    Assessment,
    ConsentDocument,
    ConsentSignature,
    ConsultationOutcome,
    DosingBookingDetails,
    Escort,
    Intake,
    PlanAdjustment,
    SafetyAlert,
    SessionRecord,
    TreatmentPlan,
)
from .screening import INTAKE_ANSWER_FIELDS, missing_answers, screen_intake
from .selectors import (
    clinic_provider,
    crisis_configuration_for_patient,
    current_consent_documents,
    current_plan,
    induction_sessions_completed,
    intake_answers,
    intake_submitted_before_registration,
    is_first_dose_booking,
    latest_consultation_outcome,
    next_appointment_start,
    registered_clinics,
    safety_alert_clinics,
)
from .signing import consent_body_sha256, typed_name_matches

logger = logging.getLogger(__name__)

CONSOLE_ALERTS_PATH = "/clinic/{clinic_slug}/alerts"

# --- Intake ------------------------------------------------------------------------------------


@transaction.atomic
def intake_save_draft(*, actor, patient, answers: dict) -> Intake:
    """Create the patient's draft or change some of its answers (a partial update)."""
    unknown = set(answers) - set(INTAKE_ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not intake answers: {sorted(unknown)}")
    intake, created = Intake.objects.select_for_update().get_or_create(patient=patient)
    if intake.status == Intake.Status.SUBMITTED:
        raise IntakeAlreadySubmitted()
    for name, value in answers.items():
        setattr(intake, name, value)
    intake.full_clean(exclude=["patient"], validate_unique=False)
    intake.save()
    audit_record(actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=intake, patient=patient)
    return intake


@transaction.atomic
def intake_submit(*, actor, patient) -> Intake:
    """Submit the draft once, with the eligibility screen of its answers as they are now."""
    intake = Intake.objects.select_for_update().filter(patient=patient).first()
    if intake is None:
        raise IntakeNotStarted()
    if intake.status == Intake.Status.SUBMITTED:
        raise IntakeAlreadySubmitted()
    answers = intake_answers(intake)
    missing = missing_answers(answers)
    if missing:
        raise IntakeIncomplete(fields={name: [message] for name, message in missing.items()})
    result = screen_intake(answers)
    intake.record_submission(outcome=result.outcome, reasons=result.reasons_as_data(), at=now())
    intake.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=intake, patient=patient)
    _intake_reading_assign(patient, at=intake.submitted_at)
    return intake


def _intake_reading_assign(patient, *, at) -> None:
    """The intake's reading, at each clinic the patient is registered with. Most patients submit before
    any clinic knows them: they get it when they book their consultation (``booking_reading_assign``)."""
    for clinic in registered_clinics(patient):
        due_at = next_appointment_start(patient, clinic, after=at)
        reading_assign_for_event(patient=patient, event=ReadingEvent.INTAKE_SUBMITTED, clinic=clinic, due_at=due_at)


# --- Consents ----------------------------------------------------------------------------------


@transaction.atomic
def consent_document_publish(*, organization, kind: str, title: str, body: str) -> ConsentDocument:
    """Publish the next version of a kind of document; patients sign it again before their next booking."""
    latest = ConsentDocument.objects.filter(organization=organization, kind=kind).order_by("-version").first()
    try:
        with transaction.atomic():
            return ConsentDocument.objects.create(
                organization=organization,
                kind=kind,
                version=latest.version + 1 if latest else 1,
                title=title,
                body=body,
                sha256=consent_body_sha256(body),
                published_at=now(),
            )
    except IntegrityError as error:
        raise ConsentVersionConflict() from error


@transaction.atomic
def consent_sign(*, actor, patient, document: ConsentDocument, typed_name: str, sha256: str) -> ConsentSignature:
    """Sign ``document``, which must be the current version and the very text the patient was shown
    (``sha256``). The typed name must name the patient (see ``typed_name_matches``)."""
    current = current_consent_documents(document.organization).filter(kind=document.kind).first()
    if current.pk != document.pk:
        raise ConsentVersionOutdated(extra={"current_document_id": current.pk, "current_version": current.version})
    if sha256.lower() != document.sha256:
        raise ConsentTextMismatch()
    if ConsentSignature.objects.filter(patient=patient, document=document).exists():
        raise ConsentAlreadySigned()
    legal_name = patient.patient_profile.legal_name
    if not legal_name.strip():
        raise LegalNameRequired()
    if not typed_name_matches(typed_name, legal_name):
        raise SignatureNameMismatch(fields={"typed_name": [SignatureNameMismatch.default_message]})
    try:
        with transaction.atomic():
            signature = ConsentSignature.objects.create(
                patient=patient,
                document=document,
                document_version=document.version,
                document_sha256=document.sha256,
                typed_name=typed_name.strip(),
                signed_at=now(),
                ip_address=client_ip(),
            )
    except IntegrityError as error:
        raise ConsentAlreadySigned() from error
    audit_record(actor=actor, action=AuditAction.CREATE, obj=signature, patient=patient)
    return signature


# --- Assessments and safety escalation -----------------------------------------------------------


@dataclass(frozen=True)
class AssessmentSubmission:
    assessment: Assessment
    crisis: dict | None


def assessment_submit(*, actor, patient, instrument: str, answers: list[int]) -> AssessmentSubmission:
    """Save a completed PHQ-9 or GAD-7 with its score.

    A PHQ-9 item 9 answer above zero also raises an urgent safety alert for the patient's clinic(s),
    in the same transaction, and the result carries crisis resources for the patient to see at once.
    If the alert cannot be raised, nothing is saved and ``SafetyAlertFailed`` carries the crisis
    resources instead: the patient is never left with a form and no help, and answers that need
    follow-up are never stored without the alert that asks for it."""
    result = score(instrument, answers)
    concerning_answer = self_harm_answer(instrument, answers)
    if not concerning_answer:
        with transaction.atomic():
            return AssessmentSubmission(_assessment_save(actor, patient, instrument, answers, result), None)

    crisis_configuration = None
    try:
        crisis_configuration = crisis_configuration_for_patient(patient)
        with transaction.atomic():
            assessment = _assessment_save(actor, patient, instrument, answers, result)
            _safety_alerts_raise(actor=actor, assessment=assessment, answer=concerning_answer)
    except Exception as error:
        # Whatever went wrong (database, routing, a bug), the patient still gets the crisis resources.
        # The log says what failed, never whose answers or what they were.
        logger.exception("A safety alert could not be raised; the assessment was not saved.")
        crisis = crisis_payload(crisis_configuration, care_team_notified=False)
        raise SafetyAlertFailed(extra={"crisis": crisis}) from error
    return AssessmentSubmission(assessment, crisis_payload(crisis_configuration, care_team_notified=True))


def _assessment_save(actor, patient, instrument, answers, result) -> Assessment:
    assessment = Assessment.objects.create(
        patient=patient,
        instrument=instrument,
        answers=list(answers),
        total_score=result.total,
        severity=result.severity,
        taken_at=now(),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=assessment, patient=patient)
    worsening_check(assessment)
    return assessment


def _safety_alerts_raise(*, actor, assessment: Assessment, answer: int) -> list[SafetyAlert]:
    """One alert per clinic to tell, and a message to each of its staff members."""
    clinics = safety_alert_clinics(assessment.patient)
    if not clinics:
        raise NoClinicToAlert()
    raised_at = now()
    alerts = []
    for clinic in clinics:
        alert = SafetyAlert.objects.create(
            clinic=clinic,
            patient=assessment.patient,
            assessment=assessment,
            reason=SafetyAlert.Reason.PHQ9_SELF_HARM,
            answer=answer,
            raised_at=raised_at,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=alert, patient=assessment.patient, clinic=clinic)
        alerts.append(alert)
    for alert in alerts:
        _staff_follow_up_notify(alert)
    # Send at once rather than at the next beat. robust: a broker that is down must not turn a saved
    # alert into an error for the patient; the messages are rows and the beat sends them anyway.
    transaction.on_commit(dispatch_due_notifications.delay, robust=True)
    return alerts


@transaction.atomic
def safety_alert_acknowledge(*, actor, alert: SafetyAlert, note: str = "") -> SafetyAlert:
    """Record who acknowledged the alert and when. Two staff members acting at once: one wins, the
    other gets ``alert_already_acknowledged``."""
    acknowledged_at = now()
    claimed = SafetyAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=acknowledged_at,
        acknowledged_by=actor,
        acknowledgement_note=note,
        updated_at=acknowledged_at,
    )
    if not claimed:
        raise AlertAlreadyAcknowledged()
    alert.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=alert, patient=alert.patient, clinic=alert.clinic)
    return alert


def _staff_follow_up_notify(alert: SafetyAlert) -> None:
    """Every active staff member of the clinic gets a neutral e-mail and an in-portal message (the
    outbox, in the alert's transaction): it says someone needs attention, never who or why."""
    for membership in staff_for_clinic(alert.clinic):
        if membership.user.is_active:
            notification_schedule(
                recipient=membership.user,
                kind=Kind.STAFF_PATIENT_FOLLOW_UP,
                due_at=alert.raised_at,
                concerns=("care.safetyalert", str(alert.pk)),
                context={"path": CONSOLE_ALERTS_PATH.format(clinic_slug=alert.clinic.slug)},
                clinic=alert.clinic,
            )


# --- Consultation outcomes and treatment plans ---------------------------------------------------


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


# --- Escort --------------------------------------------------------------------------------------


@transaction.atomic
def escort_set(*, actor, patient, name: str, phone) -> Escort:
    """Name (or rename) the patient's escort; doing so is the patient's acknowledgement, recorded now,
    that they will not drive until the day after a dosing session."""
    escort, created = Escort.objects.update_or_create(
        patient=patient, defaults={"name": name, "phone": phone, "no_driving_acknowledged_at": now()}
    )
    audit_record(actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=escort, patient=patient)
    return escort


# --- Dose bookings (booking's events) ------------------------------------------------------------


@transaction.atomic
def dosing_booking_details_record(*, actor, appointment: Appointment, at) -> DosingBookingDetails:
    """Copy the patient's escort onto a dose booking, with their acknowledgement (given with the booking
    at ``at``) that they will not drive until the next day."""
    escort = Escort.objects.filter(patient=appointment.patient_id).first()
    if escort is None:  # the gate refuses this first; a booking without an escort must never slip through
        raise BookingNotAllowed(REFUSAL_MESSAGE, extra={"blockers": [ESCORT_REQUIRED.as_dict()]})
    details = DosingBookingDetails.objects.create(
        appointment=appointment, escort_name=escort.name, escort_phone=escort.phone, no_driving_acknowledged_at=at
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=details, patient=appointment.patient, clinic=appointment.clinic
    )
    return details


def booking_reading_assign(*, appointment: Appointment) -> None:
    """Reading for a confirmed booking, due before it: for a consultation (and the intake's reading,
    for a patient whom the clinic did not know yet when they submitted it), or for a first dose."""
    patient, clinic, start = appointment.patient, appointment.clinic, appointment.starts_at
    if appointment.service.kind == ServiceKind.CONSULTATION:
        if intake_submitted_before_registration(patient, clinic):
            reading_assign_for_event(patient=patient, event=ReadingEvent.INTAKE_SUBMITTED, clinic=clinic, due_at=start)
        reading_assign_for_event(patient=patient, event=ReadingEvent.CONSULTATION_BOOKED, clinic=clinic, due_at=start)
    elif is_first_dose_booking(appointment, at=now()):
        reading_assign_for_event(patient=patient, event=ReadingEvent.FIRST_DOSING_BOOKED, clinic=clinic, due_at=start)


# --- Session records -----------------------------------------------------------------------------

SESSION_RECORD_FIELDS = {
    "route": "",
    "dose": None,
    "dose_unit": "",
    "before_systolic": None,
    "before_diastolic": None,
    "before_heart_rate": None,
    "before_spo2": None,
    "after_systolic": None,
    "after_diastolic": None,
    "after_heart_rate": None,
    "after_spo2": None,
    "side_effects": [],
    "side_effect_notes": "",
    "discharged_at": None,
    "discharged_with": "",
}
# What a session record may be written for: a booked session, before or while it happens.
OPEN_FOR_RECORDING = (AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN)


def _locked(appointment: Appointment) -> Appointment:
    """The appointment's row locked, so writes to its session record happen one after another."""
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    appointment.status = locked.status
    return appointment


@transaction.atomic
def session_record_save(*, actor, appointment: Appointment, fields: dict) -> SessionRecord:
    """Write a dosing session's record, replacing what it said (a field left out is emptied; the route
    defaults to the booked service's). Open while the session is booked or under way; a completed
    record is final."""
    unknown = set(fields) - set(SESSION_RECORD_FIELDS)
    if unknown:
        raise ValueError(f"Not session record fields: {sorted(unknown)}")
    _locked(appointment)
    record = SessionRecord.objects.filter(appointment=appointment).first()
    if record is not None and record.is_completed:
        raise SessionRecordCompleted()
    if appointment.status not in OPEN_FOR_RECORDING:
        status = AppointmentStatus(appointment.status).label.lower()
        raise SessionNotOpen(f"This session is {status}: there is no session to record.")
    created = record is None
    record = record or SessionRecord()
    record.appointment = appointment
    for name, blank in SESSION_RECORD_FIELDS.items():
        setattr(record, name, fields[name] if fields.get(name) is not None else blank)
    record.route = record.route or appointment.service.route
    record.recorded_by = actor
    record.full_clean(exclude=["appointment", "recorded_by", "completed_by"], validate_constraints=False)
    record.save()
    action = AuditAction.CREATE if created else AuditAction.UPDATE
    audit_record(actor=actor, action=action, obj=record, patient=appointment.patient, clinic=appointment.clinic)
    return record


@transaction.atomic
def session_record_complete(*, actor, appointment: Appointment) -> SessionRecord:
    """Complete the record and close the appointment (``completed``, through booking's transition
    service, in this transaction); then assign the reading for a completed session, and start
    maintenance when this session completes the induction series. Completing a completed record
    again (a retried request) changes nothing and reports nothing again."""
    _locked(appointment)
    record = SessionRecord.objects.filter(appointment=appointment).first()
    if record is None:
        raise NoSessionRecord()
    if record.is_completed:
        return record
    missing = [name for name in SESSION_RECORD_REQUIRED_FIELDS if getattr(record, name) in (None, "")]
    if missing:
        raise SessionRecordIncomplete(fields={name: ["Needed to complete the session."] for name in missing})
    record.appointment = appointment
    record.full_clean(exclude=["appointment", "recorded_by", "completed_by"], validate_constraints=False)
    at = now()
    record.completed_at, record.completed_by = at, actor
    record.save(update_fields=["completed_at", "completed_by", "updated_at"])
    patient, clinic = appointment.patient, appointment.clinic
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=record, patient=patient, clinic=clinic)
    appointment_transition(actor=actor, appointment=appointment, to_status=AppointmentStatus.COMPLETED)
    reading_assign_for_event(
        patient=patient,
        event=ReadingEvent.SESSION_COMPLETED,
        clinic=clinic,
        due_at=next_appointment_start(patient, clinic, after=at),
    )
    plan = current_plan(patient, clinic=clinic)
    if plan is not None:
        plan_maintenance_start_if_due(actor=actor, plan=plan, at=at)
    return record
