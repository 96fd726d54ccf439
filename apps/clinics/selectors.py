"""Reads about clinics and who works or is seen there."""

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
