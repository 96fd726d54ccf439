"""The sign-in backends, reading each request's user with the patient profile and the message choices
beside it: booking's gates, time zones and messages read the profile, every booking and cancellation
the choices, and a join costs less than a query of its own."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


class _UserWithProfile:
    def get_user(self, user_id):
        user = User._default_manager.select_related("patient_profile", "notification_prefs").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalModelBackend(_UserWithProfile, ModelBackend):
    """Django's, for the admin and the test client."""


class PortalAuthenticationBackend(_UserWithProfile, AuthenticationBackend):
    """allauth's: sign-in by e-mail address."""
