"""The summary's content and its HTML (asserted on as text) and PDF (WeasyPrint really runs)."""

import pytest

from apps.outside_care.content import summary_content
from apps.outside_care.documents import summary_html, summary_pdf

from .factories import NOW, SIDE_EFFECT_NOTE, clinic_with_patient, give_consent, with_history

pytestmark = pytest.mark.django_db


def _html(sections):
    scene = with_history(clinic_with_patient())
    consent = give_consent(scene.patient, sections=sections)
    content = summary_content(patient=scene.patient, clinic=scene.clinic, consent=consent, at=NOW)
    return scene, content, summary_html(content)


def test_everything_consented_is_there_with_dates_in_the_clinics_zone():
    scene, _, html = _html(["attendance", "assessments", "side_effects"])
    assert scene.patient.patient_profile.legal_name in html
    assert "Dr. Jane Moss, Riverside Psychiatry" in html
    # Attendance: the late-evening infusion is on 1 March in Denver (2 March in UTC), routes by name.
    assert "1 Mar 2027" in html and "2 Mar 2027" not in html
    assert html.count("IV infusion") >= 2 and "IM injection" in html and "Did not attend" in html
    assert "Induction" in html and "Routes approved" in html
    # Scores: both charts (SVG, embedded) and the tables.
    assert html.count("<svg") == 2
    assert "PHQ-9 total score over time" in html and "GAD-7 total score over time" in html
    assert "<td>19</td><td>Moderately severe</td>" in html and "<td>8</td><td>Mild</td>" in html
    # Side effects: the one session that had some, with its note.
    assert "Nausea" in html and SIDE_EFFECT_NOTE in html
    # The clinic's contact, always.
    assert scene.clinic.name in html and scene.clinic.address_line1 in html


@pytest.mark.parametrize(
    ("sections", "absent"),
    [
        (["assessments"], ["Attendance", "IV infusion", "Routes approved", "Side effects noted", SIDE_EFFECT_NOTE]),
        (["attendance"], ["<svg", "PHQ-9", "GAD-7", "<td>19</td>", "Nausea", SIDE_EFFECT_NOTE]),
        (["side_effects"], ["<svg", "PHQ-9", "IV infusion", "Did not attend", "Routes approved"]),
    ],
)
def test_a_section_not_consented_to_is_absent_and_never_read(sections, absent):
    _, content, html = _html(sections)
    for text in absent:
        assert text not in html, text
    if "attendance" not in sections:
        assert content.sessions == [] and content.plan is None
    if "assessments" not in sections:
        assert content.trends == []
    if "side_effects" not in sections:
        assert content.side_effects == []


def test_the_pdf_is_made_by_weasyprint():
    _, content, _ = _html(["attendance", "assessments", "side_effects"])
    pdf = summary_pdf(content)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5000
