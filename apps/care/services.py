"""Writes of the care pathway: keyword-only, atomic, audited."""

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.core.clock import now

from .exceptions import IntakeAlreadySubmitted, IntakeIncomplete, IntakeNotStarted
from .models import Intake
from .screening import INTAKE_ANSWER_FIELDS, missing_answers, screen_intake
from .selectors import intake_answers

# --- Intake ------------------------------------------------------------------------------------


@transaction.atomic
def intake_save_draft(*, request, patient, answers: dict) -> Intake:
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
    audit_record(
        request=request, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=intake, patient=patient
    )
    return intake


@transaction.atomic
def intake_submit(*, request, patient) -> Intake:
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
    intake.status = Intake.Status.SUBMITTED
    intake.submitted_at = now()
    intake.screening_outcome = result.outcome
    intake.screening_reasons = result.reasons_as_data()
    intake.save()
    audit_record(request=request, action=AuditAction.UPDATE, obj=intake, patient=patient)
    return intake
