"""The portal's sign-in as a person goes through it: the password, then the code from the app."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from playwright.sync_api import expect

from apps.accounts.demo import current_totp_code
from tests.accounts.factories import PASSWORD


def fresh_totp_code() -> str:
    """A code with a few seconds of its 30-second window left, so it is still valid when it arrives."""
    into_window = time.time() % mfa_settings.TOTP_PERIOD
    if into_window > mfa_settings.TOTP_PERIOD - 3:
        time.sleep(mfa_settings.TOTP_PERIOD - into_window + 0.1)
    return current_totp_code()


def enter_password(page, email: str) -> None:
    """On the sign-in screen: the e-mail and password, which lead to the code screen."""
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page).to_have_url(re.compile("/account/two-factor"))


def enter_code(page) -> None:
    page.get_by_label("6-digit code").fill(fresh_totp_code())
    page.get_by_role("button", name=re.compile("verify|continue|sign in", re.I)).click()
