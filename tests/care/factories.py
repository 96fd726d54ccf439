from datetime import UTC, datetime

from apps.booking.models import ServiceKind, ServiceType
from apps.care.instruments import INSTRUMENTS, PHQ9, PHQ9_SELF_HARM_ITEM_INDEX, score
from apps.care.models import (
    Assessment,
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
    ConsultationOutcome,
    Escort,
    Intake,
    TreatmentPlan,
)
from apps.care.screening import screen_intake
from apps.care.selectors.consents import current_consent_documents
from apps.care.services.consents import consent_document_publish
from apps.care.services.sessions import session_record_save
from apps.clinics.models import Role
from apps.core.clock import now
from tests.accounts.factories import PatientFactory
from tests.booking.factories import ChairFactory, ServiceTypeFactory, every_day_hours
from tests.clinics.factories import MembershipFactory, ProviderLicenseFactory, ProviderProfileFactory

# A complete intake with nothing that needs a clinician's attention.
COMPLETE_ANSWERS = {
    "diagnosis": "major_depression",
    "diagnosis_other": "",
    "mania_elevated_mood": False,
    "mania_less_sleep": False,
    "psychosis_perceptions": False,
    "psychosis_beliefs": False,
    "antidepressant_trials": 3,
    "therapies_tried": 2,
    "has_mental_health_provider": True,
    "mental_health_provider_name": "Dr. Jane Moss",
    "mental_health_provider_contact": "+12125550199",
    "open_to_mental_health_provider": None,
    "takes_medications": True,
    "medications": "Sertraline 100 mg daily",
    "uncontrolled_high_blood_pressure": False,
    "heart_or_blood_vessel_disease": False,
    "pregnant_or_breastfeeding": False,
    "history_of_psychosis": False,
    "substance_use": False,
    "prior_ketamine_reaction": False,
    "medical_history_notes": "",
}


def make_intake(*, patient=None, submitted: bool = False, **answers) -> Intake:
    """An intake with every answer of ``COMPLETE_ANSWERS`` unless overridden; ``submitted`` also
    records its screen, as submission does."""
    answers = {**COMPLETE_ANSWERS, **answers}
    intake = Intake(patient=patient or PatientFactory(), **answers)
    if submitted:
        result = screen_intake(answers)
        intake.record_submission(outcome=result.outcome, reasons=result.reasons_as_data(), at=now())
    intake.save()
    return intake


def publish_consents(organization, kinds=tuple(ConsentKind.values), *, text: str = "v1") -> dict[str, ConsentDocument]:
    """Publish the next version of each kind; returns the new documents by kind."""
    return {
        kind: consent_document_publish(
            organization=organization, kind=kind, title=f"{kind.title()} consent", body=f"The {kind} terms, {text}."
        )
        for kind in kinds
    }


def sign_consents(patient, organization, kinds=tuple(ConsentKind.values)) -> list[ConsentSignature]:
    """Signatures of the current version of each kind, as if the patient had signed them."""
    return [
        ConsentSignature.objects.create(
            patient=patient,
            document=document,
            document_version=document.version,
            document_sha256=document.sha256,
            typed_name=patient.patient_profile.legal_name,
            signed_at=now(),
        )
        for document in current_consent_documents(organization).filter(kind__in=kinds)
    ]


def answers_totalling(instrument_code: str, total: int, *, self_harm: int = 0) -> list[int]:
    """Answers for ``instrument_code`` that add up to ``total`` (PHQ-9 item 9 set to ``self_harm``)."""
    count = len(INSTRUMENTS[instrument_code].items)
    answers = [0] * count
    if instrument_code == PHQ9:
        answers[PHQ9_SELF_HARM_ITEM_INDEX] = self_harm
    remaining = total - sum(answers)
    for index in range(count):
        if index == PHQ9_SELF_HARM_ITEM_INDEX and instrument_code == PHQ9:
            continue
        answers[index] = min(3, remaining)
        remaining -= answers[index]
    assert remaining == 0, "total out of reach"
    return answers


def make_assessment(patient, instrument: str = PHQ9, *, total: int = 12, taken_at=None) -> Assessment:
    """A completed assessment as if the patient had taken it at ``taken_at`` (default now), no item 9."""
    answers = answers_totalling(instrument, total)
    result = score(instrument, answers)
    return Assessment.objects.create(
        patient=patient,
        instrument=instrument,
        answers=answers,
        total_score=result.total,
        severity=result.severity,
        taken_at=taken_at or now(),
    )


def clinic_provider(clinic):
    """A provider (with a provider profile) who works at ``clinic``."""
    membership = MembershipFactory(clinic=clinic, role=Role.PROVIDER)
    ProviderProfileFactory(user=membership.user, display_name="Dr. Ana Rivera", credentials="MD")
    return membership.user


def record_outcome(patient, clinic, *, provider=None, decision="accepted") -> ConsultationOutcome:
    provider = provider or clinic_provider(clinic)
    return ConsultationOutcome.objects.create(
        patient=patient, clinic=clinic, provider=provider, decision=decision, decided_at=now(), recorded_by=provider
    )


def make_plan(patient, clinic, *, routes=("iv_infusion",), status="active", provider=None) -> TreatmentPlan:
    outcome = record_outcome(patient, clinic, provider=provider)
    return TreatmentPlan.objects.create(
        patient=patient,
        clinic=clinic,
        provider=outcome.provider,
        consultation_outcome=outcome,
        approved_routes=list(routes),
        status=status,
    )


def name_escort(patient) -> Escort:
    return Escort.objects.create(
        patient=patient, name="Chris Thompson", phone="+12125550177", no_driving_acknowledged_at=now()
    )


# --- Scenes for booking through the care pathway -------------------------------------------------

# A Monday; the scenes' clinics (ClinicFactory: Denver time) see providers 13:00-18:00 local every day.
NOW = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
TUESDAY_1PM = "2026-02-03T20:00:00Z"  # 13:00 in Denver


def booking_scene(clinic) -> dict[str, ServiceType]:
    """A provider free every afternoon, a chair, and the services: an in-person and a video
    consultation (``consult``, ``video-consult``), IV infusions (``iv``), boosters (``booster``) and
    integration sessions (``integration``). Returns the services by slug."""
    provider = ProviderProfileFactory()
    MembershipFactory(clinic=clinic, user=provider.user, role=Role.PROVIDER)
    ProviderLicenseFactory(provider=provider, region=clinic.region)
    every_day_hours(provider, clinic)
    ChairFactory(clinic=clinic)
    services = [
        ServiceTypeFactory(clinic=clinic, slug="consult"),
        ServiceTypeFactory(clinic=clinic, slug="video-consult", telehealth=True),
        ServiceTypeFactory(clinic=clinic, slug="iv", iv=True),
        ServiceTypeFactory(clinic=clinic, slug="booster", iv=True, kind=ServiceKind.BOOSTER),
        ServiceTypeFactory(clinic=clinic, slug="integration", kind=ServiceKind.INTEGRATION),
    ]
    return {service.slug: service for service in services}


def ready_for_consultation(patient, clinic) -> None:
    """A submitted intake and the consultation's consents (the organization's documents published)."""
    make_intake(patient=patient, submitted=True)
    sign_consents(patient, clinic.organization, ["privacy", "financial", "telehealth"])


def ready_for_dosing(patient, clinic, *, routes=("iv_infusion",), phq9_at=None) -> TreatmentPlan:
    """Everything a dose at ``clinic`` needs: the consents, an active plan, a PHQ-9 (at ``phq9_at``,
    default now) and an escort."""
    make_intake(patient=patient, submitted=True)
    sign_consents(patient, clinic.organization)
    plan = make_plan(patient, clinic, routes=routes)
    make_assessment(patient, taken_at=phq9_at)
    name_escort(patient)
    return plan


def book(client, clinic, service="iv", start=TUESDAY_1PM, *, key=None, **fields):
    body = {"clinic": clinic.slug, "service": service, "start": start, **fields}
    if service in ("iv", "booster"):
        body.setdefault("will_not_drive", True)
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/appointments", body, format="json", **headers)


def blocker_codes(response) -> list[str]:
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "booking_not_allowed"
    return [blocker["code"] for blocker in response.json()["blockers"]]


def write_session_record(appointment, provider):
    """A full session record of ``appointment`` (discharged when its recovery ended), not completed."""
    vitals = {"systolic": 125, "diastolic": 80, "heart_rate": 72, "spo2": 98}
    fields = {
        "dose": "0.5",
        "dose_unit": "mg/kg",
        **{f"{when}_{name}": value for when in ("before", "after") for name, value in vitals.items()},
        "discharged_at": appointment.recovery_ends_at,
        "discharged_with": "Chris Thompson",
    }
    return session_record_save(actor=provider, appointment=appointment, fields=fields)
