"""Writes: the outside provider, the consent (given, changed, revoked), the summary sent, its e-mail
delivered, and its one-time link opened and spent."""

import logging
import uuid
from datetime import date, datetime, time, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.db import IntegrityError, transaction

from apps.audit.context import client_ip
from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.booking.errors import IdempotencyKeyReused
from apps.care.exceptions import LegalNameRequired, SignatureNameMismatch
from apps.care.signing import typed_name_matches
from apps.clinics.models import Clinic
from apps.core.clock import now
from apps.core.exceptions import ApplicationError
from apps.core.wall_clock import local_instant

from . import tasks
from .content import summary_content
from .documents import summary_pdf
from .emails import send_summary_email
from .exceptions import (
    ConsentAlreadyRevoked,
    ConsentNotLive,
    ConsentVersionConflict,
    ConsentWordingMismatch,
    NoOutsideProvider,
)
from .links import SummaryLinkUnknown, check_link_open
from .models import EmailStatus, OutsideProvider, ProgressSummary, ShareSection, SharingConsent
from .selectors import (
    consent_is_live,
    current_sharing_consent,
    latest_valid_until,
    outside_provider_of,
    patient_zone,
    summary_by_token_hash,
    summary_consent_is_live,
)
from .terms import ConsentWording, consent_wording
from .tokens import link_token, new_nonce, token_sha256

logger = logging.getLogger(__name__)


# --- The outside provider and the consent ----------------------------------------------------------


@transaction.atomic
def outside_provider_save(*, actor, patient, name: str, practice: str, email: str, fax: str = "") -> OutsideProvider:
    """Name the outside provider, or correct their details. A consent names whom it was given for: once
    the details change (a mistyped e-mail corrected, another doctor), the consent given for the old
    ones ends at once, with its links, so that nothing more goes to the old address; sharing with the
    new details needs the patient's consent again."""
    provider, created = OutsideProvider.objects.select_for_update().update_or_create(
        patient=patient, defaults={"name": name, "practice": practice, "email": email, "fax": fax}
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=provider, patient=patient
    )
    consent = current_sharing_consent(patient, lock=True)
    if consent is not None and consent.revoked_at is None and not _names(consent, provider):
        _revoke(actor, patient, consent)
    return provider


def _names(consent: SharingConsent, provider: OutsideProvider) -> bool:
    given_for = (consent.provider_name, consent.provider_practice, consent.provider_email, consent.provider_fax)
    return given_for == (provider.name, provider.practice, provider.email, provider.fax)


def _checked_until(patient, valid_until: date) -> date:
    at = now()
    today, latest = at.astimezone(patient_zone(patient)).date(), latest_valid_until(patient, at=at)
    if not today <= valid_until <= latest:
        message = f"Choose a date from today to {latest:%-d %B %Y}."
        raise ApplicationError("The end date is not valid.", fields={"valid_until": [message]})
    return valid_until


def _checked_sections(sections) -> list[str]:
    chosen = [section for section in ShareSection.values if section in set(sections)]
    if not chosen:
        raise ApplicationError("Choose what may be shared.", fields={"sections": ["Choose at least one."]})
    return chosen


def sharing_consent_wording(*, patient, sections, valid_until: date) -> ConsentWording:
    """The text the patient is shown for these choices, which they then agree to (by its SHA-256)."""
    provider = outside_provider_of(patient)
    if provider is None:
        raise NoOutsideProvider()
    _require_legal_name(patient)
    return _wording_for(patient, provider, _checked_sections(sections), _checked_until(patient, valid_until))


def _require_legal_name(patient) -> None:
    """The wording names the patient, who signs with that name."""
    if not patient.patient_profile.legal_name.strip():
        raise LegalNameRequired()


def _wording_for(patient, provider: OutsideProvider, sections: list[str], valid_until: date) -> ConsentWording:
    return consent_wording(
        patient_name=patient.patient_profile.legal_name,
        provider_name=provider.name,
        provider_practice=provider.practice,
        provider_email=provider.email,
        sections=sections,
        valid_until=valid_until,
    )


@transaction.atomic
def sharing_consent_give(
    *, actor, patient, sections, valid_until: date, typed_name: str, sha256: str
) -> SharingConsent:
    """Give the consent, or change it: the next version, which replaces the one before (whose links
    close with it). ``sha256`` is that of the wording the patient was shown for these very choices."""
    provider = OutsideProvider.objects.select_for_update().filter(patient=patient).first()
    if provider is None:
        raise NoOutsideProvider()
    sections = _checked_sections(sections)
    valid_until = _checked_until(patient, valid_until)
    wording = _wording_for(patient, provider, sections, valid_until)
    if sha256.lower() != wording.sha256:
        raise ConsentWordingMismatch()
    _require_legal_name(patient)
    legal_name = patient.patient_profile.legal_name
    if not typed_name_matches(typed_name, legal_name):
        raise SignatureNameMismatch(fields={"typed_name": [SignatureNameMismatch.default_message]})
    previous = current_sharing_consent(patient)
    given_at = now()
    try:
        with transaction.atomic():
            consent = SharingConsent.objects.create(
                patient=patient,
                provider=provider,
                version=previous.version + 1 if previous else 1,
                provider_name=provider.name,
                provider_practice=provider.practice,
                provider_email=provider.email,
                provider_fax=provider.fax,
                share_attendance=ShareSection.ATTENDANCE in sections,
                share_assessments=ShareSection.ASSESSMENTS in sections,
                share_side_effects=ShareSection.SIDE_EFFECTS in sections,
                valid_until=valid_until,
                lapses_at=local_instant(valid_until + timedelta(days=1), time(0), patient_zone(patient)),
                terms_version=wording.terms_version,
                wording=wording.text,
                wording_sha256=wording.sha256,
                typed_name=typed_name.strip(),
                given_at=given_at,
                ip_address=client_ip(),
            )
    except IntegrityError as error:
        raise ConsentVersionConflict() from error
    audit_record(actor=actor, action=AuditAction.CREATE, obj=consent, patient=patient)
    return consent


@transaction.atomic
def sharing_consent_revoke(*, actor, patient, consent: SharingConsent) -> SharingConsent:
    """Revoke: no summary may be sent from now on, and every link not yet used stops working at once
    (a link opens only while its consent is live)."""
    consent = SharingConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ConsentAlreadyRevoked()
    return _revoke(actor, patient, consent)


def _revoke(actor, patient, consent: SharingConsent) -> SharingConsent:
    consent.revoked_at = now()
    consent.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consent, patient=patient)
    return consent


# --- Summaries: preview and send ---------------------------------------------------------------------


def _live_consent(patient, *, lock: bool = False) -> SharingConsent:
    consent = current_sharing_consent(patient, lock=lock)
    if not consent_is_live(consent, at=now()):
        raise ConsentNotLive()
    return consent


def summary_preview(*, actor, clinic: Clinic, patient) -> bytes:
    """The PDF that sending would share now, for staff to check first (nothing is shared)."""
    consent = _live_consent(patient)
    pdf = summary_pdf(summary_content(patient=patient, clinic=clinic, consent=consent, at=now()))
    audit_record(actor=actor, action=AuditAction.READ, obj=consent, patient=patient, clinic=clinic)
    return pdf


def _replayed(actor, patient, idempotency_key: str) -> ProgressSummary | None:
    summary = ProgressSummary.objects.filter(created_by=actor, idempotency_key=idempotency_key).defer("pdf").first()
    if summary is not None and summary.patient_id != patient.pk:
        raise IdempotencyKeyReused()
    return summary


def summary_send(*, actor, clinic: Clinic, patient, idempotency_key: str) -> tuple[ProgressSummary, bool]:
    """Make the summary under the patient's live consent and queue the e-mail with its one-time link.
    Returns ``(summary, created)``: a request retried with the same key gets the first summary back.
    The PDF is made before the transaction (it takes a moment); the transaction then checks, with the
    consent's row locked, that the consent it was made under is still the live one."""
    replayed = _replayed(actor, patient, idempotency_key)
    if replayed is not None:
        return replayed, False
    consent = _live_consent(patient)
    at = now()
    pdf = summary_pdf(summary_content(patient=patient, clinic=clinic, consent=consent, at=at))
    try:
        with transaction.atomic():
            locked = _live_consent(patient, lock=True)
            if locked.pk != consent.pk:
                raise ConsentNotLive("The patient changed their consent just now. Please preview again.")
            summary = _summary_create(actor, clinic, patient, consent, idempotency_key, pdf, at)
    except IntegrityError:
        # The same request sent twice at once: the twin that won made the summary.
        replayed = _replayed(actor, patient, idempotency_key)
        if replayed is None:
            raise
        return replayed, False
    return summary, True


def _summary_create(actor, clinic, patient, consent, idempotency_key, pdf, at) -> ProgressSummary:
    summary_id = uuid.uuid4()
    nonce = new_nonce()
    summary = ProgressSummary.objects.create(
        id=summary_id,
        patient=patient,
        clinic=clinic,
        consent=consent,
        created_by=actor,
        idempotency_key=idempotency_key,
        sections=consent.sections,
        pdf=pdf,
        token_nonce=nonce,
        token_sha256=token_sha256(link_token(summary_id=summary_id, nonce=nonce)),
        link_expires_at=at + timedelta(days=settings.OUTSIDE_CARE_LINK_DAYS),
        email_due_at=at,
        message_id=make_msgid(idstring=uuid.uuid4().hex[:12], domain=settings.NOTIFICATION_MESSAGE_DOMAIN),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=summary, patient=patient, clinic=clinic)
    # With the broker down at this instant the row is still pending: the beat sweep sends it.
    transaction.on_commit(lambda: tasks.deliver_summary_email.delay(str(summary_id)), robust=True)
    return summary


# --- The e-mail ---------------------------------------------------------------------------------------


def _retry_delay(attempts: int) -> timedelta:
    seconds = settings.OUTSIDE_CARE_EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


def summary_email_deliver(*, summary_id) -> str:
    """Send the summary's e-mail if it is due. The row stays locked while the message goes and is
    marked sent in the same transaction: a worker that dies mid-send leaves it pending, and the beat
    sweep sends it again with the same Message-ID (the receiver can drop the twin). Another worker on
    the same row skips it. A failure is recorded and retried with exponential backoff, then ``failed``."""
    with transaction.atomic():
        summary = (
            ProgressSummary.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("consent")
            .defer("pdf")
            .filter(pk=summary_id, email_status=EmailStatus.PENDING, email_due_at__lte=now())
            .first()
        )
        if summary is None:
            return "not_due"
        at = now()
        summary.email_attempts += 1
        if not summary_consent_is_live(summary, at=at):
            summary.email_status = EmailStatus.CANCELLED
        else:
            try:
                send_summary_email(summary)
            except Exception as error:  # any mail failure: record it, back off, and end visibly as failed
                return _email_failed(summary, error, at)
            summary.email_status, summary.email_sent_at = EmailStatus.SENT, at
        summary.save(update_fields=["email_status", "email_sent_at", "email_attempts", "updated_at"])
        return summary.email_status


def _email_failed(summary: ProgressSummary, error: Exception, at: datetime) -> str:
    summary.email_last_error = f"{type(error).__name__}: {error}"[:300]
    if summary.email_attempts >= settings.OUTSIDE_CARE_EMAIL_MAX_ATTEMPTS:
        logger.warning("summary e-mail %s failed for good after %s attempts", summary.pk, summary.email_attempts)
        summary.email_status = EmailStatus.FAILED
    else:
        summary.email_due_at = at + _retry_delay(summary.email_attempts)
    summary.save(update_fields=["email_status", "email_due_at", "email_attempts", "email_last_error", "updated_at"])
    return "failed" if summary.email_status == EmailStatus.FAILED else "retry"


# --- The one-time link ---------------------------------------------------------------------------------


def _via(summary: ProgressSummary) -> str:
    return f"summary_link:{summary.pk}"


def _summary_for_token(token: str, *, lock: bool) -> ProgressSummary:
    summary = summary_by_token_hash(token_sha256(token), lock=lock)
    if summary is None:
        raise SummaryLinkUnknown()
    check_link_open(summary, at=now())
    return summary


@transaction.atomic
def summary_link_view(*, token: str) -> ProgressSummary:
    """Show the link's page. Viewing does not spend the link: mail scanners fetch links to check them."""
    summary = _summary_for_token(token, lock=True)
    if summary.first_viewed_at is None:
        summary.first_viewed_at = now()
        summary.save(update_fields=["first_viewed_at", "updated_at"])
    audit_record(
        actor=None,
        action=AuditAction.READ,
        obj=summary,
        patient=summary.patient_id,
        clinic=summary.clinic_id,
        via=_via(summary),
    )
    return summary


@transaction.atomic
def summary_link_download(*, token: str) -> bytes:
    """Hand over the PDF and spend the link, in one transaction with the row locked: of two downloads
    at once, one gets the document and the other the "already used" page."""
    summary = _summary_for_token(token, lock=True)
    at = now()
    summary.first_viewed_at = summary.first_viewed_at or at
    summary.downloaded_at = at
    summary.save(update_fields=["first_viewed_at", "downloaded_at", "updated_at"])
    audit_record(
        actor=None,
        action=AuditAction.EXPORT,
        obj=summary,
        patient=summary.patient_id,
        clinic=summary.clinic_id,
        via=_via(summary),
    )
    return bytes(summary.pdf)
