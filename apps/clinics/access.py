"""The only way to load a clinic-owned object a user asked for by id. Anything outside the user's
reach answers 404, never 403: we do not confirm that another clinic's record exists."""

from django.contrib.auth import get_user_model

from apps.core.exceptions import Forbidden, NotFound

from .models import Clinic, Role
from .roles import has_role_at
from .selectors import clinics_for_staff, patients_for_clinic

User = get_user_model()


def access_clinic_as_staff(user, clinic_slug: str) -> Clinic:
    clinic = clinics_for_staff(user).filter(slug=clinic_slug).first()
    if clinic is None:
        raise NotFound("No such clinic.")
    return clinic


def access_clinic_as_admin(user, clinic_slug: str, *, refusal: str) -> Clinic:
    """A clinic ``user`` administers (clinic admin there, or admin of its organization). Its other
    staff are told ``refusal`` (403: they know the clinic exists); anyone else gets 404."""
    clinic = access_clinic_as_staff(user, clinic_slug)
    if not has_role_at(user, clinic, (Role.CLINIC_ADMIN,)):
        raise Forbidden(refusal)
    return clinic


def access_active_clinic(clinic_slug: str) -> Clinic:
    clinic = Clinic.objects.filter(slug=clinic_slug, is_active=True).select_related("organization").first()
    if clinic is None:
        raise NotFound("No such clinic.")
    return clinic


def access_clinic_patient(clinic: Clinic, patient_id) -> User:
    """A patient of ``clinic`` (already reached through ``access_clinic_as_staff``)."""
    patient = patients_for_clinic(clinic).filter(pk=patient_id).first()
    if patient is None:
        raise NotFound("No such patient.")
    return patient


def access_organization_patient(user, patient_id) -> User:
    """A patient registered with a clinic of an organization ``user`` administers."""
    patient = User.objects.filter(pk=patient_id, clinic_links__clinic__organization__admins__user=user).first()
    if patient is None:
        raise NotFound("No such patient.")
    return patient
