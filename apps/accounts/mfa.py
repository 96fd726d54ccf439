from allauth.mfa.utils import is_mfa_enabled


def staff_mfa_satisfied(request) -> bool:
    """allauth asks every login of an account with an authenticator for the second factor, and turning
    one on needs a fresh password and a valid code, so an active authenticator means this session
    proved both factors."""
    return is_mfa_enabled(request.user)
