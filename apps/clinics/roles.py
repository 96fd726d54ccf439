"""What a staff member is at a clinic: the one answer every permission check asks for.

An administrator of the clinic's organization counts as the clinic's admin, whatever membership
they also hold there."""

from collections.abc import Iterable

from django.db.models import CharField, Value

from .models import Clinic, ClinicMembership, OrganizationAdmin, Role


def roles_at(user, clinic: Clinic) -> frozenset[str]:
    """Every role ``user`` holds at ``clinic`` (none for a stranger), read in one query."""
    if not user.is_authenticated:
        return frozenset()
    membership = ClinicMembership.objects.filter(user=user, clinic=clinic, is_active=True).values_list("role")
    administers = OrganizationAdmin.objects.filter(user=user, organization_id=clinic.organization_id).values_list(
        Value(Role.CLINIC_ADMIN, output_field=CharField())
    )
    return frozenset(role for (role,) in membership.union(administers))


def role_at(user, clinic: Clinic) -> str | None:
    """The role that decides what ``user`` may do at ``clinic``: clinic admin outranks any other."""
    roles = roles_at(user, clinic)
    if Role.CLINIC_ADMIN in roles:
        return Role.CLINIC_ADMIN
    return next(iter(roles), None)


def has_role_at(user, clinic: Clinic, roles: Iterable[str]) -> bool:
    return not roles_at(user, clinic).isdisjoint(roles)
