import pytest

from apps.outside_care import demo
from apps.outside_care.models import SharingConsent
from apps.outside_care.selectors import consent_is_live, current_sharing_consent
from tests.accounts.factories import PatientFactory

from .factories import NOW

pytestmark = pytest.mark.django_db


def test_the_demo_gives_maya_a_live_consent_once():
    maya = PatientFactory(email="maya.patient@example.com")
    demo.seed()
    demo.seed()
    assert SharingConsent.objects.count() == 1
    consent = current_sharing_consent(maya)
    assert consent_is_live(consent, at=NOW) and consent.sections == ["attendance", "assessments"]
