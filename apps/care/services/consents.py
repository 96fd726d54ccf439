"""Consent documents published, and signed by patients."""

from django.db import IntegrityError, transaction

from apps.audit.context import client_ip
from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.core.clock import now

from ..exceptions import (
    ConsentAlreadySigned,
    ConsentTextMismatch,
    ConsentVersionConflict,
    ConsentVersionOutdated,
    LegalNameRequired,
    SignatureNameMismatch,
)
from ..models import ConsentDocument, ConsentSignature
from ..selectors.consents import current_consent_documents
from ..signing import consent_body_sha256, typed_name_matches


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
