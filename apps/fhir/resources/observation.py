"""Observation: the total score of a completed PHQ-9 or GAD-7, derived from its QuestionnaireResponse."""

from .common import LOINC, instant, reference
from .instruments import LOINC_INSTRUMENTS

SURVEY = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey"}
    ]
}


def observation_resource(assessment) -> dict:
    loinc = LOINC_INSTRUMENTS[assessment.instrument]
    return {
        "resourceType": "Observation",
        "id": str(assessment.pk),
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [{"system": LOINC, "code": loinc.total, "display": loinc.total_display}]},
        "subject": reference("Patient", assessment.patient_id),
        "effectiveDateTime": instant(assessment.taken_at),
        "valueInteger": assessment.total_score,
        "interpretation": [{"text": assessment.severity.replace("_", " ").capitalize()}],
        "derivedFrom": [reference("QuestionnaireResponse", assessment.pk)],
    }
