"""Writes of the care pathway: keyword-only, atomic, audited."""

from django.db import IntegrityError, transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record, client_ip
from apps.core.clock import now

from .exceptions import (
    ConsentAlreadySigned,
    ConsentTextMismatch,
    ConsentVersionConflict,
    ConsentVersionOutdated,
    IntakeAlreadySubmitted,
    IntakeIncomplete,
    IntakeNotStarted,
    LegalNameRequired,
    SignatureNameMismatch,
)
from .models import ConsentDocument, ConsentSignature, Intake
from .screening import INTAKE_ANSWER_FIELDS, missing_answers, screen_intake
from .selectors import current_consent_documents, intake_answers
from .signing import consent_body_sha256, typed_name_matches

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
def consent_sign(*, request, patient, document: ConsentDocument, typed_name: str, sha256: str) -> ConsentSignature:
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
                ip_address=client_ip(request),
            )
    except IntegrityError as error:
        raise ConsentAlreadySigned() from error
    audit_record(request=request, action=AuditAction.CREATE, obj=signature, patient=patient)
    return signature
