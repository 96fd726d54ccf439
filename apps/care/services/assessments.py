"""PHQ-9 and GAD-7 submissions, and the safety escalation an item-9 answer raises."""

import logging
from dataclasses import dataclass

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.selectors import staff_for_clinic
from apps.core.clock import now
from apps.reminders.services import notification_schedule
from apps.reminders.tasks import dispatch_due_notifications

from .. import events
from ..crisis import crisis_payload
from ..exceptions import AlertAlreadyAcknowledged, NoClinicToAlert, SafetyAlertFailed
from ..instruments import score, self_harm_answer
from ..maintenance import worsening_check
from ..messages import CareMessage
from ..models import Assessment, SafetyAlert
from ..selectors.assessments import crisis_configuration_for_patient, safety_alert_clinics

logger = logging.getLogger(__name__)

CONSOLE_ALERTS_PATH = "/clinic/{clinic_slug}/alerts"


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
    events.assessment_submitted(assessment=assessment)
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
    events.safety_alerts_raised(alerts=alerts)
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
                kind=CareMessage.STAFF_PATIENT_FOLLOW_UP,
                due_at=alert.raised_at,
                concerns=("care.safetyalert", str(alert.pk)),
                context={"path": CONSOLE_ALERTS_PATH.format(clinic_slug=alert.clinic.slug)},
                clinic=alert.clinic,
            )
