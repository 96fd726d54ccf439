"""Demo data: Maya has named her psychiatrist and consents to share her attendance and scores, so the
console's "Outside care team" page has someone to preview and send a summary for. Safe to run again."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from apps.core.clock import now

from .selectors import consent_is_live, current_sharing_consent, patient_zone
from .services import outside_provider_save, sharing_consent_give, sharing_consent_wording

User = get_user_model()

MAYA_PROVIDER = {"name": "Dr. Jane Moss", "practice": "Riverside Psychiatry", "email": "jane.moss@example.com"}
MAYA_SECTIONS = ["attendance", "assessments"]


def seed() -> list[tuple[str, str]]:
    maya = User.objects.get(email="maya.patient@example.com")
    if not consent_is_live(current_sharing_consent(maya), at=now()):
        outside_provider_save(actor=maya, patient=maya, **MAYA_PROVIDER)
        valid_until = now().astimezone(patient_zone(maya)).date() + timedelta(days=180)
        wording = sharing_consent_wording(patient=maya, sections=MAYA_SECTIONS, valid_until=valid_until)
        sharing_consent_give(
            actor=maya,
            patient=maya,
            sections=MAYA_SECTIONS,
            valid_until=valid_until,
            typed_name=maya.patient_profile.legal_name,
            sha256=wording.sha256,
        )
    return [(maya.email, "outside care: Dr. Jane Moss named, consent to share attendance and scores for 180 days")]
