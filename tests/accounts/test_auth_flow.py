import re
from urllib.parse import unquote

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail

from apps.accounts.demo import current_totp_code
from apps.accounts.models import PatientProfile
from tests.accounts.factories import PASSWORD, PatientFactory
from tests.accounts.headless import BASE, HeadlessClient

pytestmark = pytest.mark.django_db

EMAIL = "new.patient@example.com"


def _pending_flows(response):
    return [flow["id"] for flow in response.json()["data"]["flows"] if flow.get("is_pending")]


def _error_code(response):
    return response.json()["errors"][0]["code"]


def _sign_up_and_verify(client):
    response = client.post_json(f"{BASE}/auth/signup", {"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 401
    assert _pending_flows(response) == ["verify_email"]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    link = re.search(r"http://127\.0\.0\.1:8000/account/verify-email/(\S+)", message.body)
    assert link, "the verification e-mail links to the SPA route"

    response = client.post_json(f"{BASE}/auth/email/verify", {"key": unquote(link.group(1))})
    assert response.status_code == 200
    assert response.json()["meta"]["is_authenticated"] is True


def test_sign_up_verify_log_in_and_activate_totp_with_recovery_codes():
    client = HeadlessClient()
    _sign_up_and_verify(client)
    assert PatientProfile.objects.filter(user__email=EMAIL).exists()
    assert client.api("get", "/api/v1/me").json()["email"] == EMAIL

    # Turning on TOTP: allauth returns a fresh secret, then needs a recent password.
    response = client.get(f"{BASE}/account/authenticators/totp")
    assert response.status_code == 404
    secret = response.json()["meta"]["secret"]
    response = client.post_json(f"{BASE}/account/authenticators/totp", {"code": current_totp_code(secret)})
    assert response.status_code == 401
    assert "reauthenticate" in [flow["id"] for flow in response.json()["data"]["flows"]]
    assert client.post_json(f"{BASE}/auth/reauthenticate", {"password": PASSWORD}).status_code == 200
    response = client.post_json(f"{BASE}/account/authenticators/totp", {"code": current_totp_code(secret)})
    assert response.status_code == 200, response.json()

    codes = client.get(f"{BASE}/account/authenticators/recovery-codes").json()["data"]["unused_codes"]
    assert len(codes) == 10

    assert client.delete_json(f"{BASE}/auth/session").status_code == 401

    # A new login stops at the second factor, and a recovery code finishes it.
    second = HeadlessClient()
    response = second.post_json(f"{BASE}/auth/login", {"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 401
    assert _pending_flows(response) == ["mfa_authenticate"]
    assert second.api("get", "/api/v1/me").status_code in (401, 403)
    response = second.post_json(f"{BASE}/auth/2fa/authenticate", {"code": codes[0]})
    assert response.status_code == 200
    assert second.api("get", "/api/v1/me").status_code == 200

    # The same recovery code does not work twice.
    third = HeadlessClient()
    third.post_json(f"{BASE}/auth/login", {"email": EMAIL, "password": PASSWORD})
    assert third.post_json(f"{BASE}/auth/2fa/authenticate", {"code": codes[0]}).status_code == 400
    assert Authenticator.objects.filter(user__email=EMAIL).count() == 2


def test_login_before_verifying_the_email_is_held_at_verification():
    client = HeadlessClient()
    client.post_json(f"{BASE}/auth/signup", {"email": EMAIL, "password": PASSWORD})
    other = HeadlessClient()
    response = other.post_json(f"{BASE}/auth/login", {"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 401
    assert _pending_flows(response) == ["verify_email"]
    assert other.api("get", "/api/v1/me").status_code in (401, 403)


def test_an_expired_verification_link_is_refused():
    client = HeadlessClient()
    with time_machine.travel("2026-01-01 09:00Z", tick=False):
        client.post_json(f"{BASE}/auth/signup", {"email": EMAIL, "password": PASSWORD})
    key = unquote(re.search(r"verify-email/(\S+)", mail.outbox[0].body).group(1))
    with time_machine.travel("2026-01-10 09:00Z", tick=False):
        response = client.post_json(f"{BASE}/auth/email/verify", {"key": key})
    assert response.status_code == 400


def test_repeated_wrong_passwords_are_rate_limited():
    user = PatientFactory()
    client = HeadlessClient()
    codes = [
        _error_code(client.post_json(f"{BASE}/auth/login", {"email": user.email, "password": "wrong-password"}))
        for _ in range(6)
    ]
    assert codes == ["email_password_mismatch"] * 5 + ["too_many_login_attempts"]
    # Even the right password waits until the window passes...
    response = client.post_json(f"{BASE}/auth/login", {"email": user.email, "password": PASSWORD})
    assert _error_code(response) == "too_many_login_attempts"
    # ...but only for that account: a colleague behind the same address still signs in.
    colleague = PatientFactory()
    response = client.post_json(f"{BASE}/auth/login", {"email": colleague.email, "password": PASSWORD})
    assert response.status_code == 200


def test_password_reset_e_mail_links_to_the_spa_and_resets():
    user = PatientFactory()
    client = HeadlessClient()
    assert client.post_json(f"{BASE}/auth/password/request", {"email": user.email}).status_code == 200
    key = unquote(re.search(r"http://127\.0\.0\.1:8000/account/password/reset/key/(\S+)", mail.outbox[0].body).group(1))
    new_password = "a-new-and-long-passphrase"
    response = client.post_json(f"{BASE}/auth/password/reset", {"key": key, "password": new_password})
    assert response.status_code in (200, 401)
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_account_e_mail_subjects_are_neutral():
    client = HeadlessClient()
    client.post_json(f"{BASE}/auth/signup", {"email": EMAIL, "password": PASSWORD})
    subject = mail.outbox[0].subject.lower()
    for word in ("ketamine", "depress", "infusion", "treatment", "clinic"):
        assert word not in subject
