"""Scenes for the outside care team: a patient of a clinic with sessions, scores and side effects, their
outside provider and consent, and the clinic's clinical staff."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from apps.booking.models import AppointmentStatus, ServiceKind
from apps.care.instruments import GAD7, PHQ9
from apps.care.models import SessionRecord
from apps.clinics.models import Clinic, Role
from apps.outside_care import services
from apps.outside_care.models import OutsideProvider, SharingConsent
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import make_assessment, make_plan
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory, ProviderProfileFactory

# A Wednesday, 10:00 in Denver (the clinics' zone), noon in New York (the patients').
NOW = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)
ALL_SECTIONS = ["attendance", "assessments", "side_effects"]
SIDE_EFFECT_NOTE = "Brief nausea, settled within the hour"


@dataclass
class Scene:
    clinic: Clinic
    patient: object
    provider_user: object


def clinic_with_patient(clinic: Clinic | None = None, patient=None) -> Scene:
    clinic = clinic or ClinicFactory()
    link = ClinicPatientFactory(clinic=clinic, **({"patient": patient} if patient else {}))
    provider = MembershipFactory(clinic=clinic, role=Role.PROVIDER).user
    return Scene(clinic=clinic, patient=link.patient, provider_user=provider)


def with_history(scene: Scene, *, at: datetime = NOW) -> Scene:
    """Before ``at``: two completed infusions (the second with nausea noted), a no-show IM injection, a
    plan, and PHQ-9 and GAD-7 scores over three weeks."""
    clinic, patient = scene.clinic, scene.patient
    make_plan(patient, clinic, routes=("iv_infusion", "im_injection"))
    iv = ServiceTypeFactory(clinic=clinic, iv=True, name="Infusion session")
    im = ServiceTypeFactory(
        clinic=clinic, kind=ServiceKind.DOSING, route="im_injection", needs_chair=True, name="Injection session"
    )
    clinician = ProviderProfileFactory()
    # From NOW, 23:30 in Denver on 1 March is already 2 March in UTC: the summary must say 1 March.
    starts = [at - timedelta(days=8, hours=10, minutes=30), at - timedelta(days=2)]
    for index, starts_at in enumerate(starts):
        appointment = AppointmentFactory(
            service=iv, patient=patient, provider=clinician, starts_at=starts_at, status=AppointmentStatus.COMPLETED
        )
        SessionRecord.objects.create(
            appointment=appointment,
            route="iv_infusion",
            dose=Decimal("0.5"),
            dose_unit="mg/kg",
            before_systolic=120,
            after_systolic=125,
            side_effects=["nausea"] if index else [],
            side_effect_notes=SIDE_EFFECT_NOTE if index else "",
            discharged_at=appointment.recovery_ends_at,
            recorded_by=scene.provider_user,
            completed_at=appointment.recovery_ends_at,
            completed_by=scene.provider_user,
        )
    AppointmentFactory(
        service=im,
        patient=patient,
        provider=clinician,
        starts_at=at - timedelta(days=1),
        status=AppointmentStatus.NO_SHOW,
    )
    for weeks_ago, phq9, gad7 in [(2, 19, 14), (1, 13, 9), (0, 8, 6)]:
        make_assessment(patient, PHQ9, total=phq9, taken_at=at - timedelta(weeks=weeks_ago, hours=1))
        make_assessment(patient, GAD7, total=gad7, taken_at=at - timedelta(weeks=weeks_ago, hours=1))
    return scene


def name_provider(patient, **fields) -> OutsideProvider:
    details = {"name": "Dr. Jane Moss", "practice": "Riverside Psychiatry", "email": "jane.moss@riverside.example"}
    return services.outside_provider_save(actor=patient, patient=patient, **{**details, **fields})


def give_consent(patient, *, sections=ALL_SECTIONS, valid_until: date | None = None) -> SharingConsent:
    """Consent as the patient gives it: the wording fetched, then agreed to by its hash."""
    if not OutsideProvider.objects.filter(patient=patient).exists():
        name_provider(patient)
    valid_until = valid_until or date(2027, 6, 30)
    wording = services.sharing_consent_wording(patient=patient, sections=sections, valid_until=valid_until)
    return services.sharing_consent_give(
        actor=patient,
        patient=patient,
        sections=sections,
        valid_until=valid_until,
        typed_name=patient.patient_profile.legal_name,
        sha256=wording.sha256,
    )
