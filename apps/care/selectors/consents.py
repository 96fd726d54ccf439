"""Consent documents, and what a patient has signed or still must."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from ..models import ConsentDocument, ConsentKind, ConsentSignature


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
