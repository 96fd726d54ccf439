import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from apps.accounts.demo import current_totp_code
from tests.accounts.factories import PASSWORD, PatientFactory, StaffUserFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory
from tests.e2e.sign_in_steps import enter_code, enter_password

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.viewports("phone", "desktop")
def test_a_new_patient_signs_up_verifies_and_completes_the_profile(page, check_screen):
    page.goto("/account/signup")
    check_screen(page, "signup")
    page.get_by_label("E-mail address").fill("new.person@example.com")
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("create", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("e-mail", re.I))).to_be_visible()
    check_screen(page, "check-email")

    link = re.search(r"(http://\S+/account/verify-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(urlparse(link).path)
    page.get_by_role("button", name=re.compile("confirm|verify", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    check_screen(page, "home")

    page.goto("/profile")
    page.get_by_label("Legal name").fill("Robin Example")
    page.get_by_label(re.compile("mobile|phone", re.I)).first.fill("12")
    page.get_by_role("button", name=re.compile("save", re.I)).click()
    expect(page.get_by_text(re.compile("valid phone|phone number", re.I)).first).to_be_visible()
    check_screen(page, "profile-error")
    page.get_by_label(re.compile("mobile|phone", re.I)).first.fill("(303) 555-0188")
    page.get_by_role("button", name=re.compile("save", re.I)).click()
    expect(page.get_by_text(re.compile("saved", re.I)).first).to_be_visible()
    assert page.console_errors == []


def test_a_staff_member_signs_in_with_the_second_factor_and_sees_only_their_clinics(page, check_screen):
    staff = StaffUserFactory()
    clinic = ClinicFactory(name="Evergreen Boulder")
    ClinicFactory(name="Evergreen Elsewhere")
    MembershipFactory(clinic=clinic, user=staff, role="front_desk")

    page.goto("/clinic")
    expect(page).to_have_url(re.compile("/account/login"))
    check_screen(page, "login")
    enter_password(page, staff.email)
    check_screen(page, "two-factor")
    enter_code(page)
    expect(page.get_by_text("Evergreen Boulder")).to_be_visible()
    expect(page.get_by_text("Evergreen Elsewhere")).to_have_count(0)
    check_screen(page, "clinic-console")


def test_a_wrong_password_is_explained_next_to_the_form(page):
    patient = PatientFactory()
    page.goto("/account/login")
    page.get_by_label("E-mail address").fill(patient.email)
    page.get_by_label(re.compile(r"^Password")).fill("not-the-password")
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page.get_by_text(re.compile("not correct", re.I))).to_be_visible()


def test_the_admin_opens_through_the_portal_sign_in_and_its_second_factor(page):
    editor = StaffUserFactory(is_staff=True, is_superuser=True)

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/account/login\?next=/admin/$"))
    enter_password(page, editor.email)
    enter_code(page)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_a_session_made_by_a_password_alone_is_asked_for_a_code_before_the_console_opens(
    page, live_server, check_screen
):
    staff = StaffUserFactory()
    MembershipFactory(clinic=ClinicFactory(name="Evergreen Boulder"), user=staff, role="provider")
    password_only = Client()
    password_only.force_login(staff)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": password_only.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )

    page.goto("/clinic")
    expect(page.get_by_text("Confirm it’s you to continue")).to_be_visible()
    expect(page.get_by_text("Evergreen Boulder")).to_have_count(0)
    check_screen(page, "console-confirm-code")
    page.get_by_role("link", name="Confirm with a code").click()
    page.get_by_label("Code from your authenticator app").fill(current_totp_code())
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Evergreen Boulder")).to_be_visible()
    assert page.console_errors == []
