"""Reads: the patient's provider and consents, what was shared and when, and the clinic's patients
whose consent allows sharing."""

from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from apps.clinics.models import Clinic
from apps.clinics.selectors import patients_for_clinic

from .models import OutsideProvider, ProgressSummary, SharingConsent


class LinkState(StrEnum):
    LIVE = "live"
    DOWNLOADED = "downloaded"
    EXPIRED = "expired"
    REVOKED = "revoked"


def patient_zone(patient) -> ZoneInfo:
    return ZoneInfo(patient.patient_profile.timezone or "UTC")


def latest_valid_until(patient, *, at: datetime) -> date:
    """The furthest end date a consent given now may have."""
    return at.astimezone(patient_zone(patient)).date() + timedelta(days=settings.OUTSIDE_CARE_CONSENT_MAX_DAYS)


def outside_provider_of(patient) -> OutsideProvider | None:
    return OutsideProvider.objects.filter(patient=patient).first()


def current_sharing_consent(patient, *, lock: bool = False) -> SharingConsent | None:
    """The patient's newest consent version, live or not; with ``lock``, its row stays locked until
    the transaction ends, which orders a send against a revocation or a change."""
    consents = SharingConsent.objects.filter(patient=patient).order_by("-version")
    return (consents.select_for_update() if lock else consents).first()


def consent_is_live(consent: SharingConsent | None, *, at: datetime) -> bool:
    """For the patient's newest version: not revoked and not lapsed."""
    return consent is not None and consent.revoked_at is None and consent.lapses_at > at


def with_liveness(consent: SharingConsent | None, *, at: datetime) -> SharingConsent | None:
    """``consent`` with ``is_live`` set: it is the patient's newest version, and live."""
    if consent is not None:
        newest = current_sharing_consent(consent.patient_id)
        consent.is_live = newest is not None and newest.pk == consent.pk and consent_is_live(consent, at=at)
    return consent


def summary_consent_is_live(summary: ProgressSummary, *, at: datetime) -> bool:
    """Whether the consent the summary was made under is still the patient's live one."""
    newest = current_sharing_consent(summary.patient_id)
    return newest is not None and newest.pk == summary.consent_id and consent_is_live(newest, at=at)


def live_consent_ids(*, at: datetime) -> QuerySet:
    """The ids of every patient's live consent (their newest version, not revoked, not lapsed)."""
    newest = SharingConsent.objects.filter(patient=OuterRef("patient")).order_by("-version").values("version")[:1]
    return SharingConsent.objects.filter(version=Subquery(newest), revoked_at__isnull=True, lapses_at__gt=at).values(
        "pk"
    )


def link_state(summary: ProgressSummary, *, consent_live: bool, at: datetime) -> LinkState:
    """What the summary's link does now. Downloaded first: a spent link stays spent, whatever came after."""
    if summary.downloaded_at is not None:
        return LinkState.DOWNLOADED
    if not consent_live:
        return LinkState.REVOKED
    if summary.link_expires_at <= at:
        return LinkState.EXPIRED
    return LinkState.LIVE


def summaries_with_link_state(summaries, *, at: datetime) -> list[ProgressSummary]:
    """Each summary with ``state`` set, its consent's liveness read in one query for all of them."""
    summaries = list(summaries)
    live = set(
        SharingConsent.objects.filter(pk__in={summary.consent_id for summary in summaries})
        .filter(pk__in=live_consent_ids(at=at))
        .values_list("pk", flat=True)
    )
    for summary in summaries:
        summary.state = link_state(summary, consent_live=summary.consent_id in live, at=at)
    return summaries


def summaries_for_patient(patient, *, at: datetime) -> list[ProgressSummary]:
    summaries = ProgressSummary.objects.filter(patient=patient).select_related("clinic", "consent").defer("pdf")
    return summaries_with_link_state(summaries.order_by("-created_at"), at=at)


def clinic_sharing_patients(clinic: Clinic, *, at: datetime) -> list:
    """The clinic's patients whose consent to share is live, each with ``live_consent`` and
    ``clinic_summaries`` (the summaries this clinic made for them, newest first, with their state)."""
    live = SharingConsent.objects.filter(pk__in=live_consent_ids(at=at))
    patients = (
        patients_for_clinic(clinic)
        .filter(Exists(live.filter(patient=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("sharing_consents", queryset=live, to_attr="live_consents"),
            Prefetch(
                "progress_summaries",
                queryset=ProgressSummary.objects.filter(clinic=clinic)
                .select_related("created_by__patient_profile", "consent", "clinic")
                .defer("pdf")
                .order_by("-created_at"),
                to_attr="clinic_summaries",
            ),
        )
    )
    patients = list(patients)
    for patient in patients:
        patient.live_consent = patient.live_consents[0]
        patient.live_consent.is_live = True
        for summary in patient.clinic_summaries:
            summary.state = link_state(summary, consent_live=summary.consent_id == patient.live_consent.pk, at=at)
    return patients


def summary_by_token_hash(token_hash: str, *, lock: bool = False) -> ProgressSummary | None:
    summaries = ProgressSummary.objects.filter(token_sha256=token_hash).select_related("consent", "clinic")
    return (summaries.select_for_update(of=("self",)) if lock else summaries).first()


def summary_emails_due(*, at: datetime, limit: int) -> list:
    return list(
        ProgressSummary.objects.filter(email_status="pending", email_due_at__lte=at)
        .order_by("email_due_at")
        .values_list("pk", flat=True)[:limit]
    )
