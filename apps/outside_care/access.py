"""Scoped loading of what a caller asks for by id: anything outside their reach answers 404."""

from apps.care.access import access_clinic_patient_as_staff
from apps.care.permissions import require_clinical_role
from apps.clinics.access import access_clinic_as_staff
from apps.clinics.models import Clinic

from .exceptions import SharingConsentNotFound
from .models import SharingConsent


def access_own_sharing_consent(patient, consent_id) -> SharingConsent:
    consent = SharingConsent.objects.filter(patient=patient, pk=consent_id).first()
    if consent is None:
        raise SharingConsentNotFound()
    return consent


def access_patient_for_sharing(user, clinic_slug: str, patient_id) -> tuple[Clinic, object]:
    """The clinic (among the staff member's, who must be a provider or admin there) and its patient.
    Another clinic, or another clinic's patient, answers 404; the front desk, 403."""
    clinic, patient = access_clinic_patient_as_staff(user, clinic_slug, patient_id)
    require_clinical_role(user, clinic)
    return clinic, patient


def access_clinic_for_sharing(user, clinic_slug: str) -> Clinic:
    clinic = access_clinic_as_staff(user, clinic_slug)
    require_clinical_role(user, clinic)
    return clinic
