"""The Django admin, behind the same sign-in as the portal. The admin's own login form checks a
password and nothing else, so it is replaced: people sign in through the portal, whose sign-in asks
for the second factor, and the admin opens only for a session that passed it."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from .mfa import staff_mfa_satisfied


class PortalAdminSite(admin.AdminSite):
    site_header = site_title = "Portal administration"

    def has_permission(self, request):
        return super().has_permission(request) and staff_mfa_satisfied(request)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Whatever is posted here, no session is made: the anonymous go to the portal's sign-in and
        come back; the signed-in are told what is missing."""
        next_path = self._safe_next(request)
        if self.has_permission(request):
            return redirect(next_path)
        if not request.user.is_authenticated:
            return redirect_to_login(next_path, settings.LOGIN_URL)
        context = {
            **self.each_context(request),
            "title": "Two-factor authentication required",
            "is_admin_user": request.user.is_active and request.user.is_staff,
            "mfa_enabled": is_mfa_enabled(request.user),
            "next_path": next_path,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/second_factor_required.html", context, status=403)

    def _safe_next(self, request) -> str:
        next_path = request.GET.get(REDIRECT_FIELD_NAME, "")
        if url_has_allowed_host_and_scheme(next_path, allowed_hosts={request.get_host()}) and next_path.startswith("/"):
            return next_path
        return reverse("admin:index", current_app=self.name)
