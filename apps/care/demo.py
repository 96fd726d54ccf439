"""Demo care records, in two parts around the booking demo (whose bookings pass the care gates, and
whose catalogue the session history uses):

- ``seed``: consent documents v1 for the demo organization; Maya (Brooklyn) with a submitted intake,
  signed consents, an accepted consultation, an active IV/IM plan, an escort and ten weeks of
  improving PHQ-9/GAD-7 scores; Jordan (Denver) with a submitted intake that needs review and the
  consents a video consultation needs.
- ``seed_session_history``: Maya's first two induction sessions, completed, with their session records.

Safe to run again (each part is created only when missing)."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from apps.booking.models import Appointment, AppointmentStatus, Chair, DosingRoute, ServiceType
from apps.booking.selectors.catalogue import timing_of
from apps.booking.services.placement import occupied_ranges
from apps.clinics.models import Clinic, Organization, ProviderProfile
from apps.core.clock import now
from apps.core.wall_clock import local_instant

from .instruments import GAD7, PHQ9, score
from .models import (
    Assessment,
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
    ConsultationOutcome,
    DoseUnit,
    DosingBookingDetails,
    Escort,
    Intake,
    SessionRecord,
    SideEffect,
    TreatmentPlan,
)
from .screening import screen_intake
from .selectors.consents import current_consent_documents
from .services.consents import consent_document_publish

User = get_user_model()

CONSENTS = {
    ConsentKind.TREATMENT: (
        "Consent to ketamine treatment",
        "Ketamine is used off-label for depression. During and shortly after a session you may feel "
        "dissociated, dizzy or nauseated, see blurred vision, and your blood pressure and heart rate will rise "
        "for a while; staff monitor you throughout. You will not drive or make important decisions until the "
        "next day, and an adult you name takes you home. You may stop treatment at any time.",
    ),
    ConsentKind.TELEHEALTH: (
        "Consent to telehealth visits",
        "Some visits happen by secure video. Video visits have limits: the clinician cannot examine you in "
        "person and may ask you to come in. Join from a private place in the state where your clinician is "
        "licensed. If the connection fails, the clinic will call you on the phone number in your profile.",
    ),
    ConsentKind.PRIVACY: (
        "Notice of privacy practices",
        "This notice describes how your health information may be used and disclosed and how you can get "
        "access to it. We use it to treat you, to be paid for your care and to run the clinic, and we record "
        "every access to it. You may ask for a copy of your records and for corrections.",
    ),
    ConsentKind.FINANCIAL: (
        "Financial policy",
        "Fees are due when a service is booked. Sessions cancelled or moved less than 48 hours before they "
        "start may be charged in full, because a chair and a clinician were held for you. Ask the front desk "
        "about payment plans.",
    ),
}

MAYA_ANSWERS = {
    "diagnosis": Intake.Diagnosis.MAJOR_DEPRESSION,
    "mania_elevated_mood": False,
    "mania_less_sleep": False,
    "psychosis_perceptions": False,
    "psychosis_beliefs": False,
    "antidepressant_trials": 3,
    "therapies_tried": 2,
    "has_mental_health_provider": True,
    "mental_health_provider_name": "Dr. Hannah Okoye (psychotherapist)",
    "mental_health_provider_contact": "+17185550160",
    "takes_medications": True,
    "medications": "Sertraline 150 mg daily; bupropion XL 300 mg daily",
    "uncontrolled_high_blood_pressure": False,
    "heart_or_blood_vessel_disease": False,
    "pregnant_or_breastfeeding": False,
    "history_of_psychosis": False,
    "substance_use": False,
    "prior_ketamine_reaction": False,
}
JORDAN_ANSWERS = {
    **MAYA_ANSWERS,
    "diagnosis": Intake.Diagnosis.BIPOLAR_DEPRESSION,
    "mental_health_provider_name": "Denver Mood Clinic",
    "mental_health_provider_contact": "+13035550188",
    "medications": "Lamotrigine 200 mg daily",
}

# (days ago, PHQ-9 total, GAD-7 total): an induction that is helping. Item 9 is 0 throughout.
MAYA_CHECK_INS = [(70, 21, 15), (56, 18, 13), (42, 14, 11), (28, 11, 9), (14, 8, 7), (2, 6, 5)]


def seed() -> list[tuple[str, str]]:
    organization = Organization.objects.get(slug="evergreen")
    for kind, (title, body) in CONSENTS.items():
        if not ConsentDocument.objects.filter(organization=organization, kind=kind).exists():
            consent_document_publish(organization=organization, kind=kind, title=title, body=body)

    maya = User.objects.get(email="maya.patient@example.com")
    brooklyn = Clinic.objects.get(slug="brooklyn")
    rivera = User.objects.get(email="dr.rivera@example.com")
    _submitted_intake(maya, MAYA_ANSWERS)
    _sign_current_consents(maya, organization)
    _plan(maya, brooklyn, rivera)
    _check_ins(maya)
    Escort.objects.get_or_create(
        patient=maya,
        defaults={"name": "Chris Thompson", "phone": "+12125550177", "no_driving_acknowledged_at": now()},
    )

    jordan = User.objects.get(email="jordan.patient@example.com")
    _submitted_intake(jordan, JORDAN_ANSWERS)
    _sign_current_consents(jordan, organization, kinds=JORDAN_CONSENTS)
    return [
        (maya.email, "care: intake, consents, active IV/IM plan at brooklyn, escort, PHQ-9/GAD-7 history"),
        (jordan.email, "care: submitted intake that needs a clinician's review, consents for a video consultation"),
    ]


# Jordan has not been accepted for treatment yet: no treatment consent (it comes with the plan).
JORDAN_CONSENTS = (ConsentKind.PRIVACY, ConsentKind.FINANCIAL, ConsentKind.TELEHEALTH)
# Maya's induction so far: two IV infusions, on the latest Brooklyn days of Dr. Rivera (Mon, Wed, Fri)
# at least three days ago, 10:00 local.
RIVERA_BROOKLYN_WEEKDAYS = (0, 2, 4)
VITALS = ("systolic", "diastolic", "heart_rate", "spo2")
# Per session: vitals before and after (systolic, diastolic, heart rate, SpO2), and what was observed.
MAYA_SESSIONS = [
    ((128, 82, 74, 98), (136, 86, 80, 97), [SideEffect.DISSOCIATION]),
    ((124, 80, 70, 99), (130, 84, 76, 98), [SideEffect.DISSOCIATION, SideEffect.NAUSEA]),
]


def seed_session_history() -> list[tuple[str, str]]:
    """Runs after the booking demo (it needs Brooklyn's IV service and chairs)."""
    maya = User.objects.get(email="maya.patient@example.com")
    brooklyn = Clinic.objects.get(slug="brooklyn")
    done = Appointment.objects.filter(patient=maya, clinic=brooklyn, status=AppointmentStatus.COMPLETED)
    if done.exists():
        return []
    service = ServiceType.objects.get(clinic=brooklyn, slug="iv-infusion")
    rivera = ProviderProfile.objects.select_related("user").get(user__email="dr.rivera@example.com")
    chair = Chair.objects.filter(clinic=brooklyn).order_by("name").first()
    escort = maya.escort
    for start, (before, after, side_effects) in zip(_past_session_starts(brooklyn), MAYA_SESSIONS, strict=True):
        appointment = Appointment.objects.create(
            clinic=brooklyn,
            patient=maya,
            provider=rivera,
            chair=chair,
            service=service,
            status=AppointmentStatus.COMPLETED,
            booked_by=maya,
            **occupied_ranges(timing_of(service), start),
        )
        DosingBookingDetails.objects.create(
            appointment=appointment,
            escort_name=escort.name,
            escort_phone=escort.phone,
            no_driving_acknowledged_at=start - timedelta(days=4),
        )
        SessionRecord.objects.create(
            appointment=appointment,
            route=DosingRoute.IV_INFUSION,
            dose=Decimal("0.50"),
            dose_unit=DoseUnit.MG_PER_KG,
            **{f"before_{name}": value for name, value in zip(VITALS, before, strict=True)},
            **{f"after_{name}": value for name, value in zip(VITALS, after, strict=True)},
            side_effects=side_effects,
            side_effect_notes="Mild and settled within the recovery period.",
            discharged_at=appointment.recovery_ends_at,
            discharged_with=escort.name,
            recorded_by=rivera.user,
            completed_at=appointment.recovery_ends_at + timedelta(minutes=10),
            completed_by=rivera.user,
        )
    return [(maya.email, f"care: {len(MAYA_SESSIONS)} of 6 induction sessions completed, with session records")]


def _past_session_starts(clinic) -> list[datetime]:
    zone = ZoneInfo(clinic.timezone)
    day = now().astimezone(zone).date() - timedelta(days=3)
    starts = []
    while len(starts) < len(MAYA_SESSIONS):
        if day.weekday() in RIVERA_BROOKLYN_WEEKDAYS:
            starts.append(local_instant(day, time(10), zone))
        day -= timedelta(days=1)
    return sorted(starts)


def _submitted_intake(patient, answers) -> None:
    if Intake.objects.filter(patient=patient).exists():
        return
    intake = Intake(patient=patient, **answers)
    result = screen_intake(answers)
    intake.record_submission(outcome=result.outcome, reasons=result.reasons_as_data(), at=now() - timedelta(days=80))
    intake.save()


def _sign_current_consents(patient, organization, kinds=tuple(ConsentKind.values)) -> None:
    for document in current_consent_documents(organization).filter(kind__in=kinds):
        ConsentSignature.objects.get_or_create(
            patient=patient,
            document=document,
            defaults={
                "document_version": document.version,
                "document_sha256": document.sha256,
                "typed_name": patient.patient_profile.legal_name,
                "signed_at": now(),
            },
        )


def _plan(patient, clinic, provider) -> None:
    if TreatmentPlan.objects.filter(patient=patient).exists():
        return
    outcome = ConsultationOutcome.objects.create(
        patient=patient,
        clinic=clinic,
        provider=provider,
        decision=ConsultationOutcome.Decision.ACCEPTED,
        notes="Treatment-resistant depression after three antidepressant trials; no contraindications found.",
        decided_at=now() - timedelta(days=72),
        recorded_by=provider,
    )
    plan = TreatmentPlan.objects.create(
        patient=patient,
        clinic=clinic,
        provider=provider,
        consultation_outcome=outcome,
        approved_routes=[DosingRoute.IV_INFUSION, DosingRoute.IM_INJECTION],
        integration_sessions=3,
        booster_interval_days=28,
    )
    # Made on the day of the consultation: the plan counts the sessions since it was made.
    TreatmentPlan.objects.filter(pk=plan.pk).update(created_at=outcome.decided_at)


def _check_ins(patient) -> None:
    if Assessment.objects.filter(patient=patient).exists():
        return
    for days_ago, phq9_total, gad7_total in MAYA_CHECK_INS:
        taken_at = now() - timedelta(days=days_ago)
        for instrument, total, items in ((PHQ9, phq9_total, 9), (GAD7, gad7_total, 7)):
            answers = _spread(total, items, keep_last_at_zero=instrument == PHQ9)
            result = score(instrument, answers)
            Assessment.objects.create(
                patient=patient,
                instrument=instrument,
                answers=answers,
                total_score=result.total,
                severity=result.severity,
                taken_at=taken_at,
            )


def _spread(total: int, items: int, *, keep_last_at_zero: bool) -> list[int]:
    """Answers adding up to ``total``, spread evenly (the last item left at 0 when asked: PHQ-9 item 9)."""
    scored = items - 1 if keep_last_at_zero else items
    answers = [total // scored + (1 if index < total % scored else 0) for index in range(scored)]
    return answers + [0] * (items - scored)
