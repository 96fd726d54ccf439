"""What a progress summary holds, read from the care records and limited to the sections the consent
allows: a section not allowed is never read, so it cannot reach the document."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from apps.booking.models import DOSE_KINDS, Appointment, AppointmentStatus, DosingRoute
from apps.care.exceptions import NoPlan
from apps.care.instruments import GAD7, INSTRUMENTS, PHQ9
from apps.care.models import SessionRecord, SideEffect
from apps.care.selectors.assessments import assessments_for_patient
from apps.care.selectors.plans import plan_at_clinic
from apps.care.selectors.sessions import plan_progress
from apps.clinics.models import Clinic

from .chart import ChartPoint, trend_chart_svg
from .models import ShareSection, SharingConsent

ATTENDED_STATUSES = (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW)


@dataclass
class SummaryContent:
    patient_name: str
    date_of_birth: object
    clinic: Clinic
    recipient: str
    produced_on: object
    sections: list[str]
    sessions: list[dict] = field(default_factory=list)
    plan: dict | None = None
    trends: list[dict] = field(default_factory=list)
    side_effects: list[dict] = field(default_factory=list)


def _attendance(patient, clinic: Clinic, zone: ZoneInfo) -> list[dict]:
    appointments = (
        Appointment.objects.filter(patient=patient, clinic=clinic, status__in=ATTENDED_STATUSES)
        .select_related("service", "session_record")
        .order_by("starts_at")
    )
    rows = []
    for appointment in appointments:
        record = getattr(appointment, "session_record", None)
        route = (record.route if record else "") or appointment.service.route
        rows.append(
            {
                "day": appointment.starts_at.astimezone(zone).date(),
                "service": appointment.service.name,
                "route": DosingRoute(route).label if appointment.service.kind in DOSE_KINDS and route else "",
                "attended": appointment.status == AppointmentStatus.COMPLETED,
            }
        )
    return rows


def _plan(patient, clinic: Clinic, at: datetime) -> dict | None:
    try:
        plan = plan_at_clinic(patient, clinic)
    except NoPlan:
        return None
    progress = plan_progress(plan, at=at)
    return {
        "status": plan.get_status_display(),
        "phase": "Maintenance" if progress.phase == "maintenance" else "Induction",
        "routes": [DosingRoute(route).label for route in plan.approved_routes],
        "induction": progress.summary,
        "booster_interval_days": plan.booster_interval_days,
        "next_booster_due": progress.next_booster_due,
    }


def _trends(patient, zone: ZoneInfo) -> list[dict]:
    taken = list(assessments_for_patient(patient).filter(instrument__in=[PHQ9, GAD7]).order_by("taken_at", "pk"))
    trends = []
    for code in (PHQ9, GAD7):
        instrument = INSTRUMENTS[code]
        band_labels = {band.severity: band.label for band in instrument.bands}
        rows = [
            {
                "day": assessment.taken_at.astimezone(zone).date(),
                "score": assessment.total_score,
                "band": band_labels.get(assessment.severity, assessment.severity),
            }
            for assessment in taken
            if assessment.instrument == code
        ]
        points = [ChartPoint(day=row["day"], score=row["score"]) for row in rows]
        chart = trend_chart_svg(
            points, max_score=instrument.max_score, title=f"{instrument.name} total score over time"
        )
        trends.append({"name": instrument.name, "max_score": instrument.max_score, "rows": rows, "chart": chart})
    return trends


def _side_effects(patient, clinic: Clinic, zone: ZoneInfo) -> list[dict]:
    records = (
        SessionRecord.objects.filter(
            appointment__patient=patient, appointment__clinic=clinic, completed_at__isnull=False
        )
        .exclude(side_effects=[])
        .select_related("appointment")
        .order_by("appointment__starts_at")
    )
    return [
        {
            "day": record.appointment.starts_at.astimezone(zone).date(),
            "effects": [SideEffect(effect).label for effect in record.side_effects],
            "notes": record.side_effect_notes,
        }
        for record in records
    ]


def summary_content(*, patient, clinic: Clinic, consent: SharingConsent, at: datetime) -> SummaryContent:
    zone = ZoneInfo(clinic.timezone)
    sections = consent.sections
    profile = patient.patient_profile
    content = SummaryContent(
        patient_name=profile.legal_name,
        date_of_birth=profile.date_of_birth,
        clinic=clinic,
        recipient=f"{consent.provider_name}, {consent.provider_practice}",
        produced_on=at.astimezone(zone).date(),
        sections=sections,
    )
    if ShareSection.ATTENDANCE in sections:
        content.sessions = _attendance(patient, clinic, zone)
        content.plan = _plan(patient, clinic, at)
    if ShareSection.ASSESSMENTS in sections:
        content.trends = _trends(patient, zone)
    if ShareSection.SIDE_EFFECTS in sections:
        content.side_effects = _side_effects(patient, clinic, zone)
    return content
