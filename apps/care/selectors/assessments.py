"""PHQ-9 and GAD-7 results and trends, and the safety alerts they raise."""

from datetime import datetime

from django.db.models import F, QuerySet

from apps.clinics.models import Clinic

from ..instruments import INSTRUMENTS, PHQ9
from ..models import Assessment, ConsentSignature, CrisisResources, SafetyAlert
from .sessions import completed_dose_sessions


def assessments_for_patient(patient) -> QuerySet[Assessment]:
    return Assessment.objects.filter(patient=patient).order_by("-taken_at", "-pk")


def assessment_trend(patient, *, sessions_at: Clinic | None = None) -> dict:
    """Each instrument's scores over time, oldest first, for the charts, and the patient's completed
    dosing sessions (doses: dosing and boosters) so that a chart can mark them: all of them for the
    patient, only those at ``sessions_at`` for a clinic's staff (others would tell them where else the
    patient is treated)."""
    taken = list(Assessment.objects.filter(patient=patient).order_by("taken_at", "pk"))
    return {
        "instruments": [
            {"instrument": instrument, "points": [point for point in taken if point.instrument == instrument.code]}
            for instrument in INSTRUMENTS.values()
        ],
        "sessions": list(completed_dose_sessions(patient, clinic=sessions_at)),
        "assessments": taken,
    }


def phq9_times_between(patient, *, start: datetime, end: datetime) -> list[datetime]:
    """When the patient took a PHQ-9 between ``start`` and ``end`` (inclusive)."""
    return list(
        Assessment.objects.filter(patient=patient, instrument=PHQ9, taken_at__gte=start, taken_at__lte=end)
        .order_by("taken_at")
        .values_list("taken_at", flat=True)
    )


def safety_alert_clinics(patient) -> list[Clinic]:
    """The clinics that must hear, at once, that a patient may be in danger:

    1. the active clinics the patient is registered with (``ClinicPatient``);
    2. else every active clinic of the organizations whose consents the patient signed (they chose
       that organization but have not booked yet);
    3. else every active clinic of the portal: the patient is known to no organization yet, and an
       alert that reaches everyone who runs the portal is better than one that reaches nobody.
    Empty only when the portal has no active clinic at all, which the caller treats as a failure.
    """
    active = Clinic.objects.filter(is_active=True).order_by("pk")
    linked = list(active.filter(patient_links__patient=patient).order_by("patient_links__created_at", "pk"))
    if linked:
        return linked
    chosen_organizations = ConsentSignature.objects.filter(patient=patient).values("document__organization")
    chosen = list(active.filter(organization__in=chosen_organizations))
    return chosen or list(active)


def crisis_configuration_for_patient(patient) -> dict | None:
    """The crisis resources configured by the patient's organization (the first, in the order of
    ``safety_alert_clinics``, that configured any), or None for the US default."""
    organization_ids = list(dict.fromkeys(clinic.organization_id for clinic in safety_alert_clinics(patient)))
    configured = {
        resources.organization_id: resources
        for resources in CrisisResources.objects.filter(organization_id__in=organization_ids)
    }
    for organization_id in organization_ids:
        if organization_id in configured:
            return configured[organization_id].as_configuration()
    return None


def alerts_for_clinic(clinic: Clinic, *, state: str = "open") -> QuerySet[SafetyAlert]:
    """``open`` (longest waiting first), ``acknowledged`` (latest first) or ``all`` (open ones first)."""
    alerts = SafetyAlert.objects.filter(clinic=clinic).select_related(
        "patient__patient_profile", "assessment", "acknowledged_by"
    )
    if state == "open":
        return alerts.filter(acknowledged_at__isnull=True).order_by("raised_at", "pk")
    if state == "acknowledged":
        return alerts.filter(acknowledged_at__isnull=False).order_by("-acknowledged_at", "-pk")
    return alerts.order_by(F("acknowledged_at").desc(nulls_first=True), "raised_at", "pk")


def safety_alert_is_open(notification) -> bool:
    return SafetyAlert.objects.filter(pk=notification.concerns_id, acknowledged_at__isnull=True).exists()


def open_alerts_for_clinic(clinic: Clinic) -> QuerySet[SafetyAlert]:
    """Alerts no one at the clinic has acknowledged yet, longest waiting first: what the staff
    patient list puts at the top."""
    return alerts_for_clinic(clinic, state="open")
