"""The second factor, per session. Staff reach patients' records only from a session that itself
passed it: an account that merely *has* an authenticator proves nothing about a session made by a
password alone (the Django admin's own login form used to make such sessions)."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled

MFA_METHOD = "mfa"


def session_passed_second_factor(request) -> bool:
    """allauth records each step a session authenticated by (password, code, e-mail link...); a code
    from an authenticator, at sign-in or to confirm the person later, is recorded as ``mfa``."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == MFA_METHOD for record in records)


def staff_mfa_satisfied(request) -> bool:
    """The account has an authenticator, and this session proved it."""
    return is_mfa_enabled(request.user) and session_passed_second_factor(request)
