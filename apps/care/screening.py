"""The intake's rules as pure functions over the answers (a mapping of field name to value, no ORM):
which answers a submission still needs, and the eligibility screen.

The screen sorts an intake into ``likely_candidate``, ``needs_review`` or ``not_a_candidate_now`` with
plain-language reasons. It is a screen, never a diagnosis or a decision: a clinician reviews every
intake and decides with the patient at the consultation. The wording says so.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .models import Intake

Outcome = Intake.ScreeningOutcome
Diagnosis = Intake.Diagnosis

INTAKE_ANSWER_FIELDS = (
    "diagnosis",
    "diagnosis_other",
    "mania_elevated_mood",
    "mania_less_sleep",
    "psychosis_perceptions",
    "psychosis_beliefs",
    "antidepressant_trials",
    "therapies_tried",
    "has_mental_health_provider",
    "mental_health_provider_name",
    "mental_health_provider_contact",
    "open_to_mental_health_provider",
    "takes_medications",
    "medications",
    "uncontrolled_high_blood_pressure",
    "heart_or_blood_vessel_disease",
    "pregnant_or_breastfeeding",
    "history_of_psychosis",
    "substance_use",
    "prior_ketamine_reaction",
    "medical_history_notes",
)

# Answers a submission may leave empty: optional notes, and follow-ups that only some answers ask for
# (see ``missing_answers``). Every other question is always required.
OPTIONAL_OR_FOLLOW_UP = frozenset(
    {
        "diagnosis_other",
        "mental_health_provider_name",
        "mental_health_provider_contact",
        "open_to_mental_health_provider",
        "medications",
        "medical_history_notes",
    }
)
ALWAYS_REQUIRED = tuple(name for name in INTAKE_ANSWER_FIELDS if name not in OPTIONAL_OR_FOLLOW_UP)

DISCLAIMER = (
    "This is a screen based on your answers, not a diagnosis or a decision about your care. "
    "A clinician reviews every intake and decides with you at your consultation."
)

# Minimum adequate antidepressant trials before ketamine is usually considered for depression.
USUAL_MINIMUM_ANTIDEPRESSANT_TRIALS = 2


@dataclass(frozen=True)
class ScreenReason:
    code: str
    message: str


@dataclass(frozen=True)
class ScreenResult:
    outcome: str
    reasons: tuple[ScreenReason, ...]

    def reasons_as_data(self) -> list[dict[str, str]]:
        return [{"code": reason.code, "message": reason.message} for reason in self.reasons]


def _unanswered(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """``{field: why it is needed}`` for every answer a submission still needs (empty when complete)."""
    missing = {name: "Please answer this question." for name in ALWAYS_REQUIRED if _unanswered(answers.get(name))}
    if answers.get("diagnosis") == Diagnosis.OTHER and _unanswered(answers.get("diagnosis_other")):
        missing["diagnosis_other"] = "Please tell us the diagnosis."
    if answers.get("has_mental_health_provider") is True:
        for name in ("mental_health_provider_name", "mental_health_provider_contact"):
            if _unanswered(answers.get(name)):
                missing[name] = "Please tell us who your mental-health provider is and how to reach them."
    no_provider = answers.get("has_mental_health_provider") is False
    if no_provider and _unanswered(answers.get("open_to_mental_health_provider")):
        missing["open_to_mental_health_provider"] = "Please answer this question."
    if answers.get("takes_medications") is True and _unanswered(answers.get("medications")):
        missing["medications"] = "Please list your medicines."
    return missing


# (answer field, reason) pairs: a "yes" on the field adds the reason.
_NOT_NOW_WHEN_YES = (
    (
        ("psychosis_perceptions", "psychosis_beliefs"),
        ScreenReason(
            "psychosis_symptoms",
            "You told us about experiences in the past month such as hearing or seeing things others could not, "
            "or unusual beliefs. Ketamine treatment is usually not started while these are present. "
            "A clinician will talk with you about what would help now.",
        ),
    ),
    (
        ("mania_elevated_mood", "mania_less_sleep"),
        ScreenReason(
            "mania_symptoms",
            "You told us about recent periods of unusually high energy or mood, or much less need for sleep. "
            "Ketamine treatment is usually not started while these are present. "
            "A clinician will talk with you about what would help now.",
        ),
    ),
    (
        ("pregnant_or_breastfeeding",),
        ScreenReason(
            "pregnancy",
            "You told us you are or may be pregnant, are trying to become pregnant, or are breastfeeding. "
            "Ketamine treatment is usually not started then. A clinician will talk with you about your options.",
        ),
    ),
    (
        ("uncontrolled_high_blood_pressure",),
        ScreenReason(
            "uncontrolled_blood_pressure",
            "You told us your blood pressure is high and not under control. Ketamine raises blood pressure for a "
            "while, so treatment usually waits until it is controlled. A clinician will talk with you about this.",
        ),
    ),
)

_REVIEW_WHEN_YES = (
    (
        ("history_of_psychosis",),
        ScreenReason(
            "psychosis_history",
            "You told us about past psychosis. A clinician needs to review this with you before treatment.",
        ),
    ),
    (
        ("substance_use",),
        ScreenReason(
            "substance_use",
            "You told us about alcohol or drug use, or recovery from it. A clinician needs to talk this through "
            "with you, to make sure treatment would be safe and helpful.",
        ),
    ),
    (
        ("prior_ketamine_reaction",),
        ScreenReason(
            "prior_ketamine_reaction",
            "You told us about a past bad reaction to ketamine or an anaesthetic. A clinician needs to review it.",
        ),
    ),
    (
        ("heart_or_blood_vessel_disease",),
        ScreenReason(
            "heart_or_vessel_condition",
            "You told us about a heart or blood-vessel condition. A clinician needs to review it, because "
            "ketamine raises heart rate and blood pressure for a while.",
        ),
    ),
)

NO_CONCERNS = ScreenReason(
    "no_concerns_found",
    "Nothing in your answers stands in the way of a consultation. A clinician will review your intake with you.",
)


def _yes_to_any(answers: Mapping[str, Any], fields: tuple[str, ...]) -> bool:
    return any(answers.get(name) is True for name in fields)


def _review_reasons(answers: Mapping[str, Any]) -> list[ScreenReason]:
    reasons = []
    diagnosis = answers.get("diagnosis")
    if diagnosis == Diagnosis.BIPOLAR_DEPRESSION:
        reasons.append(
            ScreenReason(
                "bipolar_diagnosis",
                "You told us about a bipolar depression diagnosis. Ketamine can be used then, but a clinician needs "
                "to review your history and current treatment first.",
            )
        )
    elif diagnosis == Diagnosis.OTHER:
        reasons.append(
            ScreenReason(
                "other_diagnosis",
                "Your diagnosis is not one this screen covers. A clinician will review it with you.",
            )
        )
    trials = answers.get("antidepressant_trials")
    if trials is not None and trials < USUAL_MINIMUM_ANTIDEPRESSANT_TRIALS:
        reasons.append(
            ScreenReason(
                "few_antidepressant_trials",
                "Ketamine is usually considered after at least two antidepressants have not helped enough. "
                "A clinician will look at your treatment so far with you.",
            )
        )
    reasons += [reason for fields, reason in _REVIEW_WHEN_YES if _yes_to_any(answers, fields)]
    if answers.get("has_mental_health_provider") is False and answers.get("open_to_mental_health_provider") is False:
        reasons.append(
            ScreenReason(
                "no_mental_health_provider",
                "Clinics ask that patients have, or are open to having, a mental-health provider alongside ketamine "
                "treatment. A clinician will talk with you about this.",
            )
        )
    return reasons


def screen_intake(answers: Mapping[str, Any]) -> ScreenResult:
    """The screen for a complete set of answers (see ``missing_answers``). Everything that needs a
    clinician's attention is listed, the most limiting first."""
    not_now = [reason for fields, reason in _NOT_NOW_WHEN_YES if _yes_to_any(answers, fields)]
    review = _review_reasons(answers)
    if not_now:
        return ScreenResult(Outcome.NOT_A_CANDIDATE_NOW, tuple(not_now + review))
    if review:
        return ScreenResult(Outcome.NEEDS_REVIEW, tuple(review))
    return ScreenResult(Outcome.LIKELY_CANDIDATE, (NO_CONCERNS,))


# Answers a clinician looks at first when one of them is "yes".
FLAG_FIELDS = (
    "mania_elevated_mood",
    "mania_less_sleep",
    "psychosis_perceptions",
    "psychosis_beliefs",
    "uncontrolled_high_blood_pressure",
    "heart_or_blood_vessel_disease",
    "pregnant_or_breastfeeding",
    "history_of_psychosis",
    "substance_use",
    "prior_ketamine_reaction",
)


def intake_flags(answers: Mapping[str, Any]) -> list[str]:
    """The names of the flag questions answered "yes", in questionnaire order."""
    return [name for name in FLAG_FIELDS if answers.get(name) is True]
