from apps.care.models import Intake
from apps.care.screening import screen_intake
from apps.core.clock import now
from tests.accounts.factories import PatientFactory

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
        intake.status = Intake.Status.SUBMITTED
        intake.submitted_at = now()
        intake.screening_outcome = result.outcome
        intake.screening_reasons = result.reasons_as_data()
    intake.save()
    return intake
