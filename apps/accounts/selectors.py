from allauth.mfa.utils import is_mfa_enabled

from apps.clinics.selectors import clinics_administered_by, memberships_for_user
from apps.core.exceptions import NotFound

from .models import PatientProfile


def patient_profile_for_user(user) -> PatientProfile:
    profile = PatientProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound("This account has no patient profile.")
    return profile


def workplaces(memberships, administered) -> list[dict]:
    """The clinics a staff member works in, by name: each membership with its role, then every other
    clinic of the organizations they administer, with no role of their own there."""
    roles = {membership.clinic_id: membership.role for membership in memberships}
    clinics = {membership.clinic_id: membership.clinic for membership in memberships}
    clinics.update((clinic.pk, clinic) for clinic in administered if clinic.pk not in clinics)
    return [
        {"clinic": clinic, "role": roles.get(clinic.pk)}
        for clinic in sorted(clinics.values(), key=lambda clinic: (clinic.name, clinic.slug))
    ]


def account_summary(user, *, session_passed_second_factor: bool) -> dict:
    """Who the signed-in user is and where they work, for the SPA's shell."""
    memberships = list(memberships_for_user(user))
    is_org_admin = user.organization_admin_roles.exists()
    administered = list(clinics_administered_by(user)) if is_org_admin else []
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "is_staff_member": bool(memberships) or is_org_admin,
        "is_org_admin": is_org_admin,
        "mfa_enabled": is_mfa_enabled(user),
        "mfa_passed": session_passed_second_factor,
        "memberships": memberships,
        # Library editing lives in the Django admin; the console links there for those who may edit.
        "can_edit_library": user.is_staff and user.is_active and user.has_perm("education.change_article"),
        "clinics": workplaces(memberships, administered),
    }
