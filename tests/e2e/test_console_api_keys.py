"""The console's API keys in the browser: a clinic admin (signed in with both factors) makes a key,
copies its secret (shown once), a system reads the FHIR API with it over HTTP, and the admin revokes
it. Every screen is scanned with axe at phone and desktop widths."""

import re

import pytest
import requests
from playwright.sync_api import expect

from apps.fhir.models import ClinicAPIKey
from tests.clinics.factories import ClinicFactory
from tests.e2e.test_console import patient_of, staff_at
from tests.e2e.test_console import sign_in as sign_in_with_two_factors

pytestmark = pytest.mark.django_db(transaction=True)


def _fhir_patients(live_server, secret):
    return requests.get(f"{live_server.url}/fhir/R4/Patient", headers={"Authorization": f"Bearer {secret}"}, timeout=10)


@pytest.mark.viewports("phone", "desktop")
def test_a_clinic_admin_makes_a_key_that_reads_fhir_then_revokes_it(page, live_server, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    admin = staff_at(clinic, "clinic_admin")
    patient = patient_of(clinic, "Jordan Lee")

    sign_in_with_two_factors(page, admin)
    page.goto(f"/clinic/{clinic.slug}/api-keys")
    expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
    expect(page.get_by_role("status")).to_have_text("This clinic has no API keys yet.")
    check_screen(page, "console-api-keys-empty")

    page.get_by_role("button", name="New API key").click()
    dialog = page.get_by_role("dialog", name="New API key")
    dialog.get_by_role("textbox", name=re.compile("^Name")).fill("EHR nightly sync")
    dialog.get_by_role("checkbox", name=re.compile("^Patients")).check()
    check_screen(page, "console-api-keys-new")
    dialog.get_by_role("button", name="Make the key").click()

    shown = page.get_by_role("region", name="New API key")
    expect(shown).to_contain_text("you will not see it again")
    expect(shown.get_by_role("button", name="Copy key")).to_be_visible()
    secret = shown.get_by_test_id("new-api-key").inner_text().strip()
    key = ClinicAPIKey.objects.get(clinic=clinic)
    assert secret.startswith(f"{key.prefix}.") and secret not in key.hashed_key
    card = page.get_by_role("article", name="EHR nightly sync")
    expect(card).to_contain_text("Patients: names, dates of birth and contact details")
    expect(card).to_contain_text("Never used")
    check_screen(page, "console-api-keys-secret")

    answer = _fhir_patients(live_server, secret)
    assert answer.status_code == 200
    assert [entry["resource"]["id"] for entry in answer.json()["entry"]] == [str(patient.pk)]

    shown.get_by_role("button", name="I have stored it").click()
    expect(page.get_by_text(secret)).to_have_count(0)
    page.reload()
    card = page.get_by_role("article", name="EHR nightly sync")
    expect(card).to_contain_text("Last used")
    card.get_by_role("button", name="Revoke").click()
    confirm = page.get_by_role("dialog", name="Revoke the API key")
    expect(confirm).to_contain_text("cannot be undone")
    check_screen(page, "console-api-keys-revoke")
    confirm.get_by_role("button", name="Revoke the key").click()
    expect(card.get_by_text("Revoked", exact=True)).to_be_visible()
    expect(card.get_by_role("button", name="Revoke")).to_have_count(0)
    check_screen(page, "console-api-keys-revoked")

    assert _fhir_patients(live_server, secret).status_code == 401
    assert not page.console_errors
