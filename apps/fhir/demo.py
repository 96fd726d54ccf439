"""The demo's API key: Evergreen Brooklyn's, reading everything, with a published secret so that the
README's examples work on a fresh demo. Never in production (seed_demo refuses to run there)."""

from django.contrib.auth import get_user_model

from apps.clinics.models import Clinic

from .authentication import KEY_GENERATOR
from .models import ClinicAPIKey
from .scopes import ALL_READ

DEMO_KEY_PREFIX = "demoBKLN"
DEMO_KEY = f"{DEMO_KEY_PREFIX}.portal-demo-fhir-key-2026"


def seed() -> list[tuple[str, str]]:
    clinic = Clinic.objects.filter(slug="brooklyn").first()
    admin = get_user_model().objects.filter(email="brooklyn.admin@example.com").first()
    if clinic is None or admin is None:
        return []
    ClinicAPIKey.objects.update_or_create(
        prefix=DEMO_KEY_PREFIX,
        defaults={
            "clinic": clinic,
            "name": "Demo EHR",
            "hashed_key": KEY_GENERATOR.hash(DEMO_KEY),
            "scopes": [ALL_READ],
            "created_by": admin,
            "revoked_at": None,
            "revoked_by": None,
            "expires_at": None,
        },
    )
    return [("FHIR API key of Evergreen Brooklyn", DEMO_KEY)]
