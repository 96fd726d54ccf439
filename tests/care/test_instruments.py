import pytest

from apps.care.instruments import GAD7, INSTRUMENTS, PHQ9, answer_errors, score, self_harm_answer
from tests.care.factories import answers_totalling


def test_the_phq9_and_gad7_have_their_standard_items():
    phq9, gad7 = INSTRUMENTS[PHQ9], INSTRUMENTS[GAD7]
    assert len(phq9.items) == 9
    assert phq9.items[0] == "Little interest or pleasure in doing things"
    assert phq9.items[8] == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert (phq9.max_score, gad7.max_score) == (27, 21)
    assert len(gad7.items) == 7
    assert gad7.items[0] == "Feeling nervous, anxious, or on edge"
    assert gad7.items[6] == "Feeling afraid as if something awful might happen"


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_scores_fall_in_the_standard_bands(total, severity):
    result = score(PHQ9, answers_totalling(PHQ9, total, self_harm=max(0, total - 24)))
    assert (result.total, result.severity) == (total, severity)


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_scores_fall_in_the_standard_bands(total, severity):
    result = score(GAD7, answers_totalling(GAD7, total))
    assert (result.total, result.severity) == (total, severity)


def test_the_bands_cover_every_possible_score_once():
    for instrument in INSTRUMENTS.values():
        covered = [total for band in instrument.bands for total in range(band.low, band.high + 1)]
        assert covered == list(range(instrument.max_score + 1))


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [
        (PHQ9, [0] * 8),
        (PHQ9, [0] * 10),
        (GAD7, [0] * 9),
        (PHQ9, [0] * 8 + [4]),
        (PHQ9, [-1] + [0] * 8),
        (GAD7, [True] + [0] * 6),
        (GAD7, ["1"] + [0] * 6),
    ],
)
def test_incomplete_or_out_of_scale_answers_are_not_scored(instrument, answers):
    assert answer_errors(instrument, answers)
    with pytest.raises(ValueError):
        score(instrument, answers)


@pytest.mark.parametrize(("answer", "expected"), [(0, 0), (1, 1), (2, 2), (3, 3)])
def test_the_phq9_item_9_answer_is_what_decides_the_safety_escalation(answer, expected):
    assert self_harm_answer(PHQ9, [0] * 8 + [answer]) == expected


def test_the_gad7_has_no_self_harm_item():
    assert self_harm_answer(GAD7, [3] * 7) == 0
