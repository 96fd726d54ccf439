from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.test import RequestFactory

from apps.accounts.mfa import MFA_METHOD


def sign_in(client, user):
    """Signs ``user`` in on a test client as the portal's sign-in would. For an account with an
    authenticator that includes allauth's record that the session passed the second factor, which a
    bare ``force_login`` (a password-only session, as the old admin form made) lacks. Always a new
    session, as after signing in again: the cache may still hold the old one after a test moved the
    clock past its end (Redis counts its expiry in real seconds).
    """
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    client.force_login(user)
    if is_mfa_enabled(user):
        session = client.session
        request = RequestFactory().get("/")
        request.session = session
        record_authentication(request, user, MFA_METHOD, type="totp")
        session.save()
    return client
