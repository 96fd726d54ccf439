from rest_framework.permissions import BasePermission

from apps.accounts.mfa import staff_mfa_satisfied
from apps.core.exceptions import ApplicationError, Forbidden

from .selectors import is_staff_member


class MFARequired(ApplicationError):
    code = "mfa_required"
    status_code = 403
    default_message = "Staff accounts must turn on two-factor authentication before using the clinic console."


class IsClinicStaff(BasePermission):
    """A signed-in clinic staff member whose account has two-factor authentication active. Which clinic
    they may act on is decided by the access helpers, per object."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not is_staff_member(request.user):
            raise Forbidden("This part of the portal is for clinic staff.")
        if not staff_mfa_satisfied(request):
            raise MFARequired()
        return True


class IsOrganizationAdmin(IsClinicStaff):
    """A staff member (with MFA) who administers an organization."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not request.user.organization_admin_roles.exists():
            raise Forbidden("Only organization admins can do this.")
        return True
