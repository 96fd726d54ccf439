"""Who may act on booking data: staff act only with two-factor authentication on, and only at their
clinics (the access helpers decide which clinic); patients only on their own appointments."""

from apps.accounts.mfa import staff_mfa_satisfied
from apps.clinics.models import Clinic
from apps.clinics.permissions import MFARequired
from apps.clinics.selectors import clinics_for_staff


def require_staff_mfa(request) -> None:
    if not staff_mfa_satisfied(request):
        raise MFARequired()


def is_staff_at(user, clinic: Clinic) -> bool:
    return user.is_authenticated and clinics_for_staff(user).filter(pk=clinic.pk).exists()


def acts_as_clinic_staff(request, clinic: Clinic) -> bool:
    """Whether the caller works at ``clinic`` (and then has proved both factors): staff see
    availability without the patient-only limits and may name a patient."""
    if not is_staff_at(request.user, clinic):
        return False
    require_staff_mfa(request)
    return True
