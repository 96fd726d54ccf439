"""Scoped loading of care records asked for by id: anything outside the caller's reach answers 404."""

from apps.booking.models import DOSE_KINDS, Appointment
from apps.clinics.access import access_clinic_as_staff, access_clinic_patient
from apps.clinics.models import Clinic
from apps.core.exceptions import NotFound

from .models import ConsentDocument, SafetyAlert


def access_clinic_patient_as_staff(user, clinic_slug: str, patient_id) -> tuple[Clinic, object]:
    """The clinic (among the staff member's) and one of its patients."""
    clinic = access_clinic_as_staff(user, clinic_slug)
    return clinic, access_clinic_patient(clinic, patient_id)


def access_consent_document(document_id) -> ConsentDocument:
    """Consent documents are published text, not anyone's record: any signed-in patient may load one."""
    document = ConsentDocument.objects.filter(pk=document_id).select_related("organization").first()
    if document is None:
        raise NotFound("No such consent document.")
    return document


def access_clinic_safety_alert(clinic: Clinic, alert_id) -> SafetyAlert:
    """An alert of ``clinic`` (already reached through ``access_clinic_as_staff``)."""
    alert = SafetyAlert.objects.filter(clinic=clinic, pk=alert_id).select_related("patient", "clinic").first()
    if alert is None:
        raise NotFound("No such alert.")
    return alert


def access_clinic_dosing_session(clinic: Clinic, appointment_id) -> Appointment:
    """A dosing session (an appointment for a dose: dosing or booster) of ``clinic`` (already reached
    through ``access_clinic_as_staff``). Another clinic's appointment, or one that gives no dose,
    answers 404."""
    appointment = (
        Appointment.objects.filter(clinic=clinic, pk=appointment_id, service__kind__in=DOSE_KINDS)
        .select_related("clinic", "service", "patient__patient_profile", "provider", "chair")
        .first()
    )
    if appointment is None:
        raise NotFound("No such dosing session.")
    return appointment
