"""QuestionnaireResponse: a completed PHQ-9 or GAD-7, its answers coded in LOINC."""

from .common import LOINC, instant, present, reference
from .instruments import ANSWER_CODES, ANSWER_TEXT, LOINC_INSTRUMENTS, item_texts


def questionnaire_response_resource(assessment) -> dict:
    loinc = LOINC_INSTRUMENTS[assessment.instrument]
    items = [
        {
            "linkId": code,
            "text": text,
            "answer": [
                {"valueCoding": {"system": LOINC, "code": ANSWER_CODES[answer], "display": ANSWER_TEXT[answer]}}
            ],
        }
        for code, text, answer in zip(loinc.items, item_texts(assessment.instrument), assessment.answers, strict=True)
    ]
    items.append({"linkId": loinc.total, "text": "Total score", "answer": [{"valueInteger": assessment.total_score}]})
    return present(
        resourceType="QuestionnaireResponse",
        id=str(assessment.pk),
        questionnaire=loinc.questionnaire,
        status="completed",
        subject=reference("Patient", assessment.patient_id),
        authored=instant(assessment.taken_at),
        item=items,
    )
