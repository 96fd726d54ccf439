from rest_framework.permissions import BasePermission

from apps.accounts.models import PatientProfile
from apps.clinics.models import Clinic, Role
from apps.clinics.roles import has_role_at

from .exceptions import ClinicalRoleRequired, PatientsOnly

# Who may record consultation outcomes and create or adjust treatment plans at a clinic (organization
# admins too: they administer every clinic of the organization).
CLINICAL_ROLES = (Role.PROVIDER, Role.CLINIC_ADMIN)


class IsPatient(BasePermission):
    """A signed-in account with a patient profile: the patient-facing care endpoints act on its owner."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not PatientProfile.objects.filter(user=request.user).exists():
            raise PatientsOnly()
        return True


def require_clinical_role(user, clinic: Clinic) -> None:
    if not has_role_at(user, clinic, CLINICAL_ROLES):
        raise ClinicalRoleRequired()
