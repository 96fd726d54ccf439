"""The outside care team in the browser: a patient names their outside provider and consents to share;
a provider (signed in with both factors) previews and sends a summary; the outside provider opens the
e-mailed link, sees what it is and downloads the PDF once; the patient sees what was shared and that it
was opened. Every screen is scanned with axe at phone and desktop widths."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.core.clock import now
from apps.outside_care.models import ProgressSummary
from apps.outside_care.services import summary_email_deliver
from tests.e2e.test_console import settled
from tests.e2e.test_console import sign_in as sign_in_with_two_factors
from tests.outside_care.factories import clinic_with_patient, with_history

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.viewports("phone", "desktop")]


def test_a_patient_consents_a_provider_sends_and_the_patient_sees_it_opened(page, sign_in, check_screen, viewport_name):
    scene = with_history(clinic_with_patient(), at=now())
    patient = scene.patient
    legal_name = patient.patient_profile.legal_name

    # The patient names their provider and consents.
    sign_in(patient)
    page.goto("/care-team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your outside care team")
    provider_form = page.get_by_role("region", name="Your outside provider")
    provider_form.get_by_label(re.compile("^Their name")).fill("Dr. Jane Moss")
    provider_form.get_by_label(re.compile("^Practice or organization")).fill("Riverside Psychiatry")
    provider_form.get_by_label(re.compile("^Their e-mail")).fill("jane.moss@riverside.example")
    provider_form.get_by_role("button", name="Save provider").click()
    expect(provider_form.get_by_role("status")).to_have_text("Your provider’s details have been saved.")

    consent = page.get_by_role("region", name="Consent to share")
    consent.get_by_role("checkbox", name="Your PHQ-9 and GAD-7 scores over time").check()
    consent.get_by_role("checkbox", name=re.compile("^The sessions you attended")).check()
    consent.get_by_label("Share until").fill("2027-03-31")
    consent.get_by_role("button", name="Review the wording").click()
    wording = consent.get_by_role("region", name="Wording of the consent")
    expect(wording).to_contain_text("Dr. Jane Moss (Riverside Psychiatry, jane.moss@riverside.example)")
    expect(wording).not_to_contain_text("side effects the clinic noted")
    check_screen(page, "care-team-consenting")
    consent.get_by_label(re.compile("^Type your full legal name to agree")).fill(legal_name)
    consent.get_by_role("button", name="Agree and give consent").click()
    expect(consent.get_by_role("status")).to_contain_text("You allow the clinic to share with Dr. Jane Moss")

    # A provider of the clinic previews, then sends.
    page.context.clear_cookies()
    sign_in_with_two_factors(page, scene.provider_user)
    page.goto(f"/clinic/{scene.clinic.slug}/schedule")
    page.get_by_role("navigation", name="Clinic console").get_by_role("link", name="Outside care team").click()
    card = page.get_by_role("article", name=re.compile(re.escape(legal_name)))
    expect(card).to_contain_text("Shares with Dr. Jane Moss")
    with page.expect_download() as preview:
        card.get_by_role("button", name="Preview the PDF").click()
    with open(preview.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    check_screen(page, "console-outside-care")
    card.get_by_role("button", name="Send a summary").click()
    dialog = settled(page.get_by_role("dialog", name="Send a progress summary"))
    check_screen(page, "console-outside-care-send")
    dialog.get_by_role("button", name="Send the summary").click()
    expect(dialog).to_be_hidden()
    expect(card.get_by_role("table")).to_contain_text("Not opened yet")

    # The worker sends the e-mail; the outside provider opens the link and downloads once.
    summary = ProgressSummary.objects.get()
    assert summary_email_deliver(summary_id=summary.pk) == "sent"
    [email] = mail.outbox
    link = re.search(r"https?://\S+/shared/\S+", email.body).group(0)
    page.context.clear_cookies()
    page.goto("/shared/" + link.rsplit("/shared/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("A document has been shared with you")
    check_screen(page, "shared-link")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the document (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("This document has already been downloaded")
    check_screen(page, "shared-link-spent")

    # The patient sees what was shared, and that it was opened.
    sign_in(patient)
    page.goto("/care-team")
    shared = page.get_by_role("region", name="What was shared")
    item = shared.get_by_role("article")
    expect(item).to_contain_text(f"{scene.clinic.name} to Dr. Jane Moss")
    expect(item).to_contain_text("Opened")
    check_screen(page, "care-team-shared")
    assert not page.console_errors
