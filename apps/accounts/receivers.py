"""Hooks into allauth's own events, for what its adapters cannot express."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

from .mfa import MFA_METHOD


@receiver(authenticator_added, dispatch_uid="accounts.enrolment_passes_the_second_factor")
def enrolment_passes_the_second_factor(sender, request, user, authenticator, **kwargs):
    """Turning TOTP on takes a fresh password and a valid code from the new authenticator, so the
    session that did it has proved both factors, as a sign-in with the code would have. allauth does
    not record it; without this, staff would have to sign in again right after enrolling."""
    if authenticator.type == Authenticator.Type.TOTP and request.user.pk == user.pk:
        record_authentication(request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, enrolled=True)
