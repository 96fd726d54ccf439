"""Who manages a clinic's API keys: its admins (clinic admins there and organization admins). Other
staff of the clinic are told so (403); anyone else, and another clinic's key, answer 404."""

from apps.clinics.access import access_clinic_as_admin
from apps.clinics.models import Clinic
from apps.core.exceptions import NotFound

from .models import ClinicAPIKey
from .selectors import api_keys_for_clinic


def access_clinic_for_api_keys(request, clinic_slug: str) -> Clinic:
    """For a view behind ``IsClinicStaff`` (which has checked both factors)."""
    return access_clinic_as_admin(
        request.user, clinic_slug, refusal="API keys are managed by the clinic's administrators."
    )


def access_clinic_api_key(clinic: Clinic, key_id) -> ClinicAPIKey:
    key = api_keys_for_clinic(clinic).filter(pk=key_id).first()
    if key is None:
        raise NotFound("No such API key at this clinic.")
    return key
