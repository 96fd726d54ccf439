"""Who manages a clinic's API keys: its admins (clinic admins there and organization admins). Other
staff of the clinic are told so (403); anyone else, and another clinic's key, answer 404."""

from apps.clinics.access import access_clinic_as_staff
from apps.clinics.models import Clinic, Role
from apps.clinics.roles import has_role_at
from apps.core.exceptions import Forbidden, NotFound

from .models import ClinicAPIKey
from .selectors import api_keys_for_clinic


def access_clinic_for_api_keys(request, clinic_slug: str) -> Clinic:
    """For a view behind ``IsClinicStaff`` (which has checked both factors)."""
    clinic = access_clinic_as_staff(request.user, clinic_slug)
    if not has_role_at(request.user, clinic, (Role.CLINIC_ADMIN,)):
        raise Forbidden("API keys are managed by the clinic's administrators.")
    return clinic


def access_clinic_api_key(clinic: Clinic, key_id) -> ClinicAPIKey:
    key = api_keys_for_clinic(clinic).filter(pk=key_id).first()
    if key is None:
        raise NotFound("No such API key at this clinic.")
    return key
