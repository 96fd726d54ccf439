"""The eligibility screen and the completeness rule, as pure functions over answers."""

import pytest

from apps.care.screening import DISCLAIMER, intake_flags, missing_answers, screen_intake
from tests.care.factories import COMPLETE_ANSWERS


def screen(**changes):
    return screen_intake({**COMPLETE_ANSWERS, **changes})


def codes(result):
    return [reason.code for reason in result.reasons]


def test_a_typical_treatment_resistant_depression_intake_is_a_likely_candidate():
    result = screen()
    assert result.outcome == "likely_candidate"
    assert codes(result) == ["no_concerns_found"]


def test_a_patient_open_to_a_mental_health_provider_is_not_held_back_for_lacking_one():
    result = screen(
        has_mental_health_provider=False,
        mental_health_provider_name="",
        mental_health_provider_contact="",
        open_to_mental_health_provider=True,
    )
    assert result.outcome == "likely_candidate"


@pytest.mark.parametrize(
    ("changes", "expected_codes"),
    [
        ({"diagnosis": "bipolar_depression"}, ["bipolar_diagnosis"]),
        ({"diagnosis": "other", "diagnosis_other": "PTSD"}, ["other_diagnosis"]),
        ({"antidepressant_trials": 1}, ["few_antidepressant_trials"]),
        ({"antidepressant_trials": 0}, ["few_antidepressant_trials"]),
        ({"history_of_psychosis": True}, ["psychosis_history"]),
        ({"substance_use": True}, ["substance_use"]),
        ({"prior_ketamine_reaction": True}, ["prior_ketamine_reaction"]),
        ({"heart_or_blood_vessel_disease": True}, ["heart_or_vessel_condition"]),
        (
            {"has_mental_health_provider": False, "open_to_mental_health_provider": False},
            ["no_mental_health_provider"],
        ),
        (
            {"diagnosis": "bipolar_depression", "substance_use": True, "antidepressant_trials": 1},
            ["bipolar_diagnosis", "few_antidepressant_trials", "substance_use"],
        ),
    ],
)
def test_answers_a_clinician_must_look_at_make_the_screen_needs_review(changes, expected_codes):
    result = screen(**changes)
    assert result.outcome == "needs_review"
    assert codes(result) == expected_codes


@pytest.mark.parametrize(
    ("changes", "expected_code"),
    [
        ({"psychosis_perceptions": True}, "psychosis_symptoms"),
        ({"psychosis_beliefs": True}, "psychosis_symptoms"),
        ({"mania_elevated_mood": True}, "mania_symptoms"),
        ({"mania_less_sleep": True}, "mania_symptoms"),
        ({"pregnant_or_breastfeeding": True}, "pregnancy"),
        ({"uncontrolled_high_blood_pressure": True}, "uncontrolled_blood_pressure"),
    ],
)
def test_current_symptoms_and_conditions_that_usually_rule_treatment_out_for_now(changes, expected_code):
    result = screen(**changes)
    assert result.outcome == "not_a_candidate_now"
    assert codes(result) == [expected_code]


def test_a_not_now_screen_still_lists_what_needs_review_after_what_rules_treatment_out():
    result = screen(pregnant_or_breastfeeding=True, diagnosis="bipolar_depression", psychosis_beliefs=True)
    assert result.outcome == "not_a_candidate_now"
    assert codes(result) == ["psychosis_symptoms", "pregnancy", "bipolar_diagnosis"]


VERDICT_WORDING = ("not eligible", "you cannot", "you can't", "rejected", "you are not a candidate", "diagnosed with")


def test_every_reason_is_worded_as_a_screen_that_a_clinician_decides_on():
    every_flag = {name: True for name, value in COMPLETE_ANSWERS.items() if isinstance(value, bool)}
    every_flag.update(has_mental_health_provider=False, open_to_mental_health_provider=False)
    result = screen(diagnosis="bipolar_depression", antidepressant_trials=0, **every_flag)
    messages = [reason.message for reason in result.reasons]
    assert len(messages) == 11
    for message in messages:
        assert "clinician" in message
        assert not any(verdict in message.lower() for verdict in VERDICT_WORDING), message
    assert "not a diagnosis" in DISCLAIMER
    assert "clinician" in DISCLAIMER


def test_a_complete_intake_misses_nothing():
    assert missing_answers(COMPLETE_ANSWERS) == {}


def test_an_empty_draft_misses_every_always_required_answer():
    missing = missing_answers({})
    assert "diagnosis" in missing
    assert "pregnant_or_breastfeeding" in missing
    assert "medical_history_notes" not in missing
    assert "diagnosis_other" not in missing


@pytest.mark.parametrize(
    ("changes", "missing_field"),
    [
        ({"diagnosis": "other", "diagnosis_other": "  "}, "diagnosis_other"),
        ({"mental_health_provider_contact": ""}, "mental_health_provider_contact"),
        (
            {"has_mental_health_provider": False, "open_to_mental_health_provider": None},
            "open_to_mental_health_provider",
        ),
        ({"takes_medications": True, "medications": ""}, "medications"),
        ({"antidepressant_trials": None}, "antidepressant_trials"),
    ],
)
def test_follow_up_answers_are_needed_only_when_the_first_answer_asks_for_them(changes, missing_field):
    assert list(missing_answers({**COMPLETE_ANSWERS, **changes})) == [missing_field]


def test_no_medicines_needs_no_list():
    assert missing_answers({**COMPLETE_ANSWERS, "takes_medications": False, "medications": ""}) == {}


def test_flags_name_the_yes_answers_in_questionnaire_order():
    answers = {**COMPLETE_ANSWERS, "substance_use": True, "mania_less_sleep": True}
    assert intake_flags(answers) == ["mania_less_sleep", "substance_use"]
