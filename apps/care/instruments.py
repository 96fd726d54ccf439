"""PHQ-9 and GAD-7: their standard items, answer scale, scoring and severity bands (pure, no ORM).

Both instruments are in the public domain (Spitzer, Williams, Kroenke et al.; no permission needed to
reproduce, translate, display or distribute). The item texts below are the standard English wording.
"""

from collections.abc import Sequence
from dataclasses import dataclass

PHQ9 = "phq9"
GAD7 = "gad7"

PROMPT = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

ANSWER_OPTIONS = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
HIGHEST_ANSWER = 3


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    severity: str
    label: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    items: tuple[str, ...]
    bands: tuple[Band, ...]

    @property
    def max_score(self) -> int:
        return len(self.items) * HIGHEST_ANSWER


PHQ9_INSTRUMENT = Instrument(
    code=PHQ9,
    name="PHQ-9",
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
        "or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=(
        Band(0, 4, "minimal", "Minimal"),
        Band(5, 9, "mild", "Mild"),
        Band(10, 14, "moderate", "Moderate"),
        Band(15, 19, "moderately_severe", "Moderately severe"),
        Band(20, 27, "severe", "Severe"),
    ),
)

GAD7_INSTRUMENT = Instrument(
    code=GAD7,
    name="GAD-7",
    items=(
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=(
        Band(0, 4, "minimal", "Minimal"),
        Band(5, 9, "mild", "Mild"),
        Band(10, 14, "moderate", "Moderate"),
        Band(15, 21, "severe", "Severe"),
    ),
)

INSTRUMENTS = {PHQ9: PHQ9_INSTRUMENT, GAD7: GAD7_INSTRUMENT}

# PHQ-9 item 9 (thoughts of death or self-harm), as a 0-based index into the answers.
PHQ9_SELF_HARM_ITEM_INDEX = 8


@dataclass(frozen=True)
class Score:
    total: int
    severity: str


def answer_errors(instrument_code: str, answers: Sequence[int]) -> list[str]:
    """What is wrong with a list of answers (empty when it is a complete, valid set)."""
    instrument = INSTRUMENTS[instrument_code]
    if len(answers) != len(instrument.items):
        return [f"{instrument.name} has {len(instrument.items)} questions; answer each one."]
    return [
        f"Question {number}: choose an answer from 0 to {HIGHEST_ANSWER}."
        for number, answer in enumerate(answers, start=1)
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= HIGHEST_ANSWER
    ]


def score(instrument_code: str, answers: Sequence[int]) -> Score:
    errors = answer_errors(instrument_code, answers)
    if errors:
        raise ValueError("; ".join(errors))
    total = sum(answers)
    band = next(band for band in INSTRUMENTS[instrument_code].bands if band.low <= total <= band.high)
    return Score(total=total, severity=band.severity)


def self_harm_answer(instrument_code: str, answers: Sequence[int]) -> int:
    """The PHQ-9 item 9 answer (0 for any other instrument): above zero means the patient must see
    crisis resources at once and their clinic must be alerted."""
    if instrument_code != PHQ9:
        return 0
    return answers[PHQ9_SELF_HARM_ITEM_INDEX]
