"""Every way into a session, tried over real HTTP (session cookies, CSRF) against the live server as
someone holding a stolen staff password would: none of them reaches patients' records, the staff API
or the Django admin until the session itself has passed the second factor. The inventory at the end
lists every route that could make a session, and fails when one appears that is not tried here."""

import ast
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.demo import current_totp_code
from tests.accounts.factories import PASSWORD, StaffUserFactory
from tests.care.factories import make_intake
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, OrganizationAdminFactory

pytestmark = pytest.mark.django_db(transaction=True)

AUTH = "/_allauth/browser/v1"
NEW_PASSWORD = "a-brand-new-passphrase-42"
PROJECT = Path(__file__).resolve().parents[2]


class Browser:
    """A browser's view of the portal: a cookie jar, the CSRF token in a header, no redirects
    followed (where a request is sent is part of what is checked)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()
        self.get(f"{AUTH}/config")

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base_url + path, allow_redirects=False, timeout=30)

    def post_json(self, path: str, data: dict) -> requests.Response:
        return self.http.post(self.base_url + path, json=data, headers=self._csrf(), allow_redirects=False, timeout=30)

    def post_form(self, path: str, data: dict) -> requests.Response:
        form = {**data, "csrfmiddlewaretoken": self.http.cookies["csrftoken"]}
        return self.http.post(self.base_url + path, data=form, headers=self._csrf(), allow_redirects=False, timeout=30)

    def _csrf(self) -> dict:
        return {"X-CSRFToken": self.http.cookies["csrftoken"], "Referer": self.base_url + "/"}


@pytest.fixture
def scene():
    """An organization admin who is also a Django superuser (the worst account to lose) with TOTP
    enrolled, and a patient of the organization with a submitted intake."""
    clinic = ClinicFactory()
    staff = StaffUserFactory(email="org.admin@example.com", is_staff=True, is_superuser=True)
    OrganizationAdminFactory(organization=clinic.organization, user=staff)
    patient = ClinicPatientFactory(clinic=clinic).patient
    make_intake(patient=patient, submitted=True)
    return {"clinic": clinic, "staff": staff, "patient": patient}


@pytest.fixture
def browser(live_server):
    return Browser(live_server.url)


def protected_paths(scene) -> list[str]:
    """The patient's intake (diagnosis and all), the audit trail about her, and the admin's list of users."""
    clinic, patient = scene["clinic"], scene["patient"]
    return [
        f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/intake",
        f"/api/v1/audit/events?patient={patient.pk}",
        "/admin/accounts/user/",
    ]


def assert_reaches_nothing(browser: Browser, scene) -> None:
    for path in protected_paths(scene):
        response = browser.get(path)
        if path.startswith("/admin/"):
            assert response.status_code == 302, f"{path} answered {response.status_code}"
            assert response.headers["Location"].startswith("/admin/login/")
        else:
            assert response.status_code in (401, 403), f"{path} answered {response.status_code}"
            assert "medications" not in response.text


def assert_reaches_everything(browser: Browser, scene) -> None:
    for path in protected_paths(scene):
        response = browser.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"


def pending_flows(response: requests.Response) -> list[str]:
    return [flow["id"] for flow in response.json()["data"].get("flows", []) if flow.get("is_pending")]


def pass_the_second_factor(browser: Browser) -> None:
    response = browser.post_json(f"{AUTH}/auth/2fa/authenticate", {"code": current_totp_code()})
    assert response.status_code == 200, response.text


def link_key(message, route: str) -> str:
    match = re.search(rf"{re.escape(route)}(\S+)", message.body)
    assert match, message.body
    return unquote(match.group(1))


# --- The routes ------------------------------------------------------------------------------------


def test_the_admin_login_form_makes_no_session_whatever_is_posted(browser, scene):
    response = browser.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{settings.LOGIN_URL}?next=/admin/accounts/user/"

    posted = browser.post_form("/admin/login/", {"username": scene["staff"].email, "password": PASSWORD})
    assert posted.status_code == 302
    assert posted.headers["Location"].startswith(settings.LOGIN_URL)
    assert browser.get("/api/v1/me").status_code in (401, 403)
    assert_reaches_nothing(browser, scene)


def test_a_password_sign_in_reaches_nothing_until_the_code_is_given(browser, scene):
    response = browser.post_json(f"{AUTH}/auth/login", {"email": scene["staff"].email, "password": PASSWORD})
    assert response.status_code == 401
    assert pending_flows(response) == ["mfa_authenticate"]
    assert_reaches_nothing(browser, scene)

    pass_the_second_factor(browser)
    me = browser.get("/api/v1/me").json()
    assert (me["mfa_enabled"], me["mfa_passed"]) == (True, True)
    assert_reaches_everything(browser, scene)


@pytest.mark.parametrize("login_on_reset", [False, True], ids=["reset alone", "reset that signs in"])
def test_a_password_reset_does_not_pass_the_second_factor(browser, scene, settings, login_on_reset):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
    assert browser.post_json(f"{AUTH}/auth/password/request", {"email": scene["staff"].email}).status_code == 200
    key = link_key(mail.outbox[-1], "/account/password/reset/key/")

    response = browser.post_json(f"{AUTH}/auth/password/reset", {"key": key, "password": NEW_PASSWORD})
    assert response.status_code == 401
    assert pending_flows(response) == (["mfa_authenticate"] if login_on_reset else [])
    assert_reaches_nothing(browser, scene)


def test_confirming_an_e_mail_address_does_not_pass_the_second_factor(browser, scene):
    EmailAddress.objects.filter(user=scene["staff"]).update(verified=False)
    response = browser.post_json(f"{AUTH}/auth/login", {"email": scene["staff"].email, "password": PASSWORD})
    assert pending_flows(response) == ["verify_email"]
    key = link_key(mail.outbox[-1], "/account/verify-email/")

    response = browser.post_json(f"{AUTH}/auth/email/verify", {"key": key})
    assert response.status_code == 401
    assert pending_flows(response) == ["mfa_authenticate"]
    assert_reaches_nothing(browser, scene)

    pass_the_second_factor(browser)
    assert_reaches_everything(browser, scene)


def test_signing_up_with_a_staff_address_signs_nobody_in(browser, scene):
    response = browser.post_json(f"{AUTH}/auth/signup", {"email": scene["staff"].email, "password": NEW_PASSWORD})
    assert response.status_code == 401
    assert response.json()["meta"]["is_authenticated"] is False
    assert_reaches_nothing(browser, scene)


def test_sign_in_by_e_mailed_code_is_off(browser, scene):
    response = browser.post_json(f"{AUTH}/auth/code/confirm", {"code": "123456"})
    assert response.status_code in (400, 409)
    assert_reaches_nothing(browser, scene)


def test_a_password_only_session_is_asked_for_the_code(live_server, browser, scene):
    """A session made by a password alone (as the admin form used to, or ``force_login``): /me says the
    second factor is missing, every protected path refuses, and confirming with a code opens them."""
    client = Client()
    client.force_login(scene["staff"])
    browser.http.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)

    me = browser.get("/api/v1/me").json()
    assert (me["mfa_enabled"], me["mfa_passed"]) == (True, False)
    assert browser.get(protected_paths(scene)[0]).json()["code"] == "mfa_required"
    admin = browser.get("/admin/")
    assert admin.status_code == 302
    confirm = browser.get(admin.headers["Location"])
    assert confirm.status_code == 403
    assert "/account/reauthenticate?method=code" in confirm.text
    assert_reaches_nothing(browser, scene)

    response = browser.post_json(f"{AUTH}/auth/2fa/reauthenticate", {"code": current_totp_code()})
    assert response.status_code == 200, response.text
    assert_reaches_everything(browser, scene)


def test_turning_totp_on_passes_the_second_factor_for_that_session(browser, scene):
    """A staff member without an authenticator signs in with the password (nothing else to ask), is
    refused, turns TOTP on (a fresh password and a valid code) and is let in without signing in again."""
    newcomer = StaffUserFactory(email="new.admin@example.com", mfa=False, is_staff=True, is_superuser=True)
    OrganizationAdminFactory(organization=scene["clinic"].organization, user=newcomer)
    assert browser.post_json(f"{AUTH}/auth/login", {"email": newcomer.email, "password": PASSWORD}).status_code == 200
    assert browser.get(protected_paths(scene)[0]).json()["code"] == "mfa_required"
    assert_reaches_nothing(browser, scene)

    assert browser.post_json(f"{AUTH}/auth/reauthenticate", {"password": PASSWORD}).status_code == 200
    secret = browser.get(f"{AUTH}/account/authenticators/totp").json()["meta"]["secret"]
    response = browser.post_json(f"{AUTH}/account/authenticators/totp", {"code": current_totp_code(secret)})
    assert response.status_code == 200, response.text
    assert_reaches_everything(browser, scene)


def test_a_wrong_code_leaves_the_session_where_it_was(browser, scene):
    browser.post_json(f"{AUTH}/auth/login", {"email": scene["staff"].email, "password": PASSWORD})
    wrong = "000000" if current_totp_code() != "000000" else "111111"
    assert browser.post_json(f"{AUTH}/auth/2fa/authenticate", {"code": wrong}).status_code == 400
    assert_reaches_nothing(browser, scene)


# --- The inventory ---------------------------------------------------------------------------------

# Every route under allauth's authentication prefix, and the admin's login: the test that proves it
# gives a staff account no access before the second factor, or why it cannot make a session.
SIGN_IN_ROUTES = {
    "admin/login/": test_the_admin_login_form_makes_no_session_whatever_is_posted,
    "_allauth/browser/v1/auth/login": test_a_password_sign_in_reaches_nothing_until_the_code_is_given,
    "_allauth/browser/v1/auth/2fa/authenticate": test_a_password_sign_in_reaches_nothing_until_the_code_is_given,
    "_allauth/browser/v1/auth/password/request": test_a_password_reset_does_not_pass_the_second_factor,
    "_allauth/browser/v1/auth/password/reset": test_a_password_reset_does_not_pass_the_second_factor,
    "_allauth/browser/v1/auth/email/verify": test_confirming_an_e_mail_address_does_not_pass_the_second_factor,
    "_allauth/browser/v1/auth/email/verify/resend": test_confirming_an_e_mail_address_does_not_pass_the_second_factor,
    "_allauth/browser/v1/auth/signup": test_signing_up_with_a_staff_address_signs_nobody_in,
    "_allauth/browser/v1/auth/code/confirm": test_sign_in_by_e_mailed_code_is_off,
    "_allauth/browser/v1/auth/2fa/reauthenticate": test_a_password_only_session_is_asked_for_the_code,
    "_allauth/browser/v1/auth/reauthenticate": test_turning_totp_on_passes_the_second_factor_for_that_session,
    # Reauthentication by e-mailed code needs a signed-in session and records no second factor.
    "_allauth/browser/v1/auth/reauthenticate/code/request": None,
    "_allauth/browser/v1/auth/reauthenticate/code/confirm": None,
    "_allauth/browser/v1/auth/reauthenticate/code/resend": None,
    # Phone numbers are not a login method here (ACCOUNT_LOGIN_METHODS is e-mail only).
    "_allauth/browser/v1/auth/phone/verify": None,
    "_allauth/browser/v1/auth/phone/verify/resend": None,
    # Reads or ends the current session, lists or ends the account's sessions.
    "_allauth/browser/v1/auth/session": None,
    "_allauth/browser/v1/auth/sessions": None,
}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_route_that_could_sign_someone_in_is_in_the_inventory():
    routes = set(_routes(get_resolver().url_patterns))
    allauth_routes = {route for route in routes if route.startswith("_allauth/")}
    assert all(route.startswith("_allauth/browser/v1/") for route in allauth_routes), "only the browser client"
    signing_in = {route for route in allauth_routes if route.startswith("_allauth/browser/v1/auth/")}
    assert signing_in | {"admin/login/"} == set(SIGN_IN_ROUTES)


def _calls_that_sign_in(path: Path) -> list[str]:
    names = {"login", "force_login", "perform_login", "authenticate_by_session"}
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in names:
                found.append(f"{path.relative_to(PROJECT)}:{node.lineno} {called}()")
    return found


def test_the_portal_itself_never_signs_anyone_in():
    """Only allauth makes sessions (its flows ask for the second factor); no view of ours calls
    ``login()``."""
    sources = [*PROJECT.joinpath("apps").rglob("*.py"), *PROJECT.joinpath("portal").rglob("*.py")]
    assert [call for source in sources for call in _calls_that_sign_in(source)] == []
