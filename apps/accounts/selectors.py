from allauth.mfa.utils import is_mfa_enabled

from apps.clinics.selectors import memberships_for_user
from apps.core.exceptions import NotFound

from .models import PatientProfile


def patient_profile_for_user(user) -> PatientProfile:
    profile = PatientProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound("This account has no patient profile.")
    return profile


def account_summary(user) -> dict:
    """Who the signed-in user is and where they work, for the SPA's shell."""
    memberships = list(memberships_for_user(user))
    is_org_admin = user.organization_admin_roles.exists()
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "is_staff_member": bool(memberships) or is_org_admin,
        "is_org_admin": is_org_admin,
        "mfa_enabled": is_mfa_enabled(user),
        "memberships": memberships,
        # Library editing lives in the Django admin; the console links there for those who may edit.
        "can_edit_library": user.is_staff and user.is_active and user.has_perm("education.change_article"),
    }
