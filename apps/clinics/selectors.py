"""Reads about clinics and who works or is seen there."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import Clinic, ClinicMembership

User = get_user_model()


def clinics_for_staff(user) -> QuerySet[Clinic]:
    """The clinics a staff member reaches: those with an active membership, and every clinic of an
    organization they administer."""
    return Clinic.objects.filter(
        Q(memberships__user=user, memberships__is_active=True) | Q(organization__admins__user=user)
    ).distinct()


def is_staff_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return ClinicMembership.objects.filter(user=user, is_active=True).exists() or user.organization_admin_roles.exists()


def memberships_for_user(user) -> QuerySet[ClinicMembership]:
    return ClinicMembership.objects.filter(user=user, is_active=True).select_related("clinic")


def active_clinics() -> QuerySet[Clinic]:
    return Clinic.objects.filter(is_active=True).select_related("organization")


def clinics_administered_by(user) -> QuerySet[Clinic]:
    """Every clinic of the organizations ``user`` administers, active or not (their history counts)."""
    return Clinic.objects.filter(organization__admins__user=user).distinct().order_by("name", "pk")


def staff_for_clinic(clinic: Clinic) -> QuerySet[ClinicMembership]:
    return (
        ClinicMembership.objects.filter(clinic=clinic, is_active=True)
        .select_related("user", "user__provider_profile")
        .order_by("role", "user__email")
    )


def patients_for_clinic(clinic: Clinic, *, search: str = "") -> QuerySet:
    patients = User.objects.filter(clinic_links__clinic=clinic).select_related("patient_profile")
    if search:
        patients = patients.filter(
            Q(email__icontains=search)
            | Q(patient_profile__legal_name__icontains=search)
            | Q(patient_profile__preferred_name__icontains=search)
        )
    return patients.order_by("patient_profile__legal_name", "email")


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
