"""PHQ-9 and GAD-7 in LOINC: the panels, their items, their totals and the answer list they share."""

from dataclasses import dataclass

from apps.care.instruments import ANSWER_OPTIONS, GAD7, INSTRUMENTS, PHQ9


@dataclass(frozen=True)
class LoincInstrument:
    panel: str
    panel_display: str
    total: str
    total_display: str
    items: tuple[str, ...]  # in the instrument's order (apps/care/instruments.py)

    @property
    def questionnaire(self) -> str:
        return f"http://loinc.org/q/{self.panel}"


LOINC_INSTRUMENTS = {
    PHQ9: LoincInstrument(
        panel="44249-1",
        panel_display="PHQ-9 quick depression assessment panel [Reported.PHQ]",
        total="44261-6",
        total_display="Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
        items=("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"),
    ),
    GAD7: LoincInstrument(
        panel="69737-5",
        panel_display="Generalized anxiety disorder 7 item (GAD-7)",
        total="70274-6",
        total_display="Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
        items=("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
    ),
}
# LOINC's answer list LL358-3 (0 "Not at all" to 3 "Nearly every day"), shared by both instruments.
ANSWER_CODES = dict(
    zip((value for value, _ in ANSWER_OPTIONS), ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"), strict=True)
)
ANSWER_TEXT = dict(ANSWER_OPTIONS)


def instruments_for_codes(codes: list[str]) -> list[str]:
    """The portal's instruments a search names by LOINC code: the panel's or the total's."""
    return [
        instrument for instrument, loinc in LOINC_INSTRUMENTS.items() if loinc.panel in codes or loinc.total in codes
    ]


def item_texts(instrument_code: str) -> tuple[str, ...]:
    return INSTRUMENTS[instrument_code].items
