"""The intake questionnaire: drafts, and the submission that screens it."""

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.core.clock import now
from apps.education.models import ReadingEvent
from apps.education.services import reading_assign_for_event

from ..exceptions import IntakeAlreadySubmitted, IntakeIncomplete, IntakeNotStarted
from ..models import Intake
from ..screening import INTAKE_ANSWER_FIELDS, missing_answers, screen_intake
from ..selectors.intake import intake_answers
from ..selectors.sessions import next_appointment_start, registered_clinics


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
