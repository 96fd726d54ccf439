"""The wording of the sharing consent, versioned like the consent documents: the patient is shown the
text built from their choices, and the consent records that very text and its SHA-256. A change to
the wording is a new ``TERMS_VERSION`` (and a new template beside the old one); rows keep the text."""

from dataclasses import dataclass
from datetime import date

from apps.care.signing import consent_body_sha256

from .models import ShareSection

TERMS_VERSION = 1

# What each section lets the clinic send, in the words the patient reads.
SECTION_WORDING = {
    ShareSection.ATTENDANCE: "the sessions I attended (dates and how the medicine was given) and my treatment plan",
    ShareSection.ASSESSMENTS: "my PHQ-9 and GAD-7 questionnaire scores over time",
    ShareSection.SIDE_EFFECTS: "side effects the clinic noted at my sessions",
}


@dataclass(frozen=True)
class ConsentWording:
    terms_version: int
    text: str
    sha256: str


def consent_wording(
    *, patient_name: str, provider_name: str, provider_practice: str, provider_email: str, sections, valid_until: date
) -> ConsentWording:
    chosen = [SECTION_WORDING[ShareSection(section)] for section in ShareSection.values if section in sections]
    lines = [
        f"I, {patient_name}, allow the clinics that treat me through this portal to send a progress summary to "
        f"{provider_name} ({provider_practice}, {provider_email}).",
        "The summary may contain only:",
        *(f"- {item};" for item in chosen),
        "and the clinic's contact details.",
        f"This consent lasts until the end of {valid_until:%-d %B %Y}. I can change or revoke it at any time on "
        "this portal; revoking it stops further summaries and closes every link already sent that has not "
        "been opened.",
        "Each summary is sent as a link that can be downloaded once and expires after a few days. Information "
        "already downloaded by my provider cannot be called back.",
    ]
    text = "\n".join(lines)
    return ConsentWording(terms_version=TERMS_VERSION, text=text, sha256=consent_body_sha256(text))
