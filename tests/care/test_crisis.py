import pytest
from django.core.exceptions import ValidationError

from apps.care.crisis import US_CRISIS_RESOURCES, crisis_payload
from apps.care.models import CrisisResources
from tests.clinics.factories import OrganizationFactory


def test_the_us_default_names_988_and_911():
    payload = crisis_payload(None, care_team_notified=True)
    assert payload["heading"] == US_CRISIS_RESOURCES["heading"]
    assert [resource["href"] for resource in payload["resources"]] == ["tel:988", "tel:911"]
    assert "Call or text 988" in payload["resources"][0]["instruction"]
    assert payload["care_team_notified"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "resources",
    [
        [],
        "call 988",
        [{"label": "Lifeline"}],
        [{"label": "", "instruction": "Call"}],
        [{"label": "L", "instruction": "I", "href": 988}],
    ],
)
def test_an_organization_cannot_save_crisis_resources_a_patient_could_not_use(resources):
    configured = CrisisResources(
        organization=OrganizationFactory(), heading="Help", message="Reach out", resources=resources
    )
    with pytest.raises(ValidationError) as error:
        configured.full_clean()
    assert list(error.value.message_dict) == ["resources"]
