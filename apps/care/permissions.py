from rest_framework.permissions import BasePermission

from apps.accounts.models import PatientProfile
from apps.clinics.models import Clinic, ClinicMembership, Role
from apps.clinics.selectors import is_organization_admin_for

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
    has_role = ClinicMembership.objects.filter(
        clinic=clinic, user=user, is_active=True, role__in=CLINICAL_ROLES
    ).exists()
    if not (has_role or is_organization_admin_for(user, clinic)):
        raise ClinicalRoleRequired()
