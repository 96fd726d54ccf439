"""The care screens in the browser: the PHQ-9 and its chart, the crisis path, the intake and the consent
forms, against the real API, with an axe scan of each screen."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from apps.care.models import Assessment, ConsentSignature, CrisisResources, Intake, SafetyAlert
from apps.core.clock import now
from tests.accounts.factories import PatientFactory
from tests.care.factories import make_assessment, publish_consents
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

# Patients' screens, read on phones as often as on computers: scanned at both widths.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.viewports("phone", "desktop")]

PHQ9_ANSWERS = ["Several days"] * 4 + ["More than half the days"] * 4  # questions 1 to 8: a score of 12


def answer_phq9(page, answers, ninth):
    for number, answer in enumerate([*answers, ninth], start=1):
        page.get_by_role("radiogroup", name=re.compile(rf"^{number}\. ")).get_by_role("radio", name=answer).check()


def test_a_patient_takes_a_phq9_and_sees_it_on_the_chart(page, check_screen, sign_in):
    patient = PatientFactory()
    make_assessment(patient, "phq9", total=17, taken_at=now() - timedelta(days=30))
    sign_in(patient)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_text("It’s time for a new one.")).to_be_visible()
    check_screen(page, "dashboard")
    page.get_by_role("link", name="Start a mood check-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mood check-in (PHQ-9)")
    check_screen(page, "check-in")
    answer_phq9(page, PHQ9_ANSWERS, "Not at all")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_text("Your PHQ-9 score: 12 out of 27")).to_be_visible()
    expect(page.get_by_text("Scores from 10 to 14 are in the moderate range.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    check_screen(page, "check-in-result")

    page.get_by_role("link", name="See your scores over time").click()
    history = page.get_by_role("region", name="Mood check-in (PHQ-9)")
    expect(
        history.get_by_role("img", name=re.compile(r"PHQ-9 scores over 2 check-ins: 17 on .*, most recently 12"))
    ).to_be_visible()
    expect(history.locator(".recharts-line-dots circle")).to_have_count(2)
    expect(history.get_by_role("table").get_by_role("row")).to_have_count(3)
    check_screen(page, "check-ins")
    assert Assessment.objects.filter(patient=patient, total_score=12).count() == 1
    assert page.console_errors == []


def test_a_ninth_answer_above_zero_shows_crisis_help_at_once_and_alerts_the_clinic(page, check_screen, sign_in):
    patient = PatientFactory()
    clinic = ClinicFactory()
    ClinicPatientFactory(clinic=clinic, patient=patient)
    CrisisResources.objects.create(
        organization=clinic.organization,
        heading="Evergreen is here for you",
        message="You told us you have had thoughts of hurting yourself. Please reach out now.",
        resources=[
            {"label": "Evergreen after-hours line", "instruction": "Call any time.", "href": "tel:+18005550100"}
        ],
    )
    sign_in(patient)
    page.goto("/check-ins/phq9")

    answer_phq9(page, PHQ9_ANSWERS, "Several days")

    # At once, before anything is sent.
    dialog = page.get_by_role("dialog", name="You do not have to go through this alone")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("link", name=re.compile("Call 988"))).to_have_attribute("href", "tel:988")
    expect(dialog.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(dialog.get_by_role("link", name=re.compile("Call 911"))).to_have_attribute("href", "tel:911")
    check_screen(page, "crisis-answered")
    dialog.get_by_role("button", name="Go back to my check-in").click()

    # Hold the answers back on their way to the server: the help is on screen before it answers.
    held = []
    page.route("**/api/v1/assessments", lambda route: held.append(route))
    with page.expect_request("**/api/v1/assessments"):
        page.get_by_role("button", name="Send my answers").click()
    expect(dialog.get_by_text("Sending your answers to your care team…")).to_be_visible()
    expect(dialog.get_by_role("link", name="Text 988")).to_be_visible()
    assert len(held) == 1
    held[0].continue_()

    answered = page.get_by_role("dialog", name="Evergreen is here for you")
    expect(answered.get_by_role("link", name="Evergreen after-hours line")).to_have_attribute(
        "href", "tel:+18005550100"
    )
    expect(answered.get_by_text(re.compile("Your care team has been told"))).to_be_visible()
    check_screen(page, "crisis-sent")
    assert SafetyAlert.objects.filter(patient=patient, clinic=clinic, answer=1).count() == 1

    answered.get_by_role("button", name="See my results").click()
    expect(page.get_by_text("Your PHQ-9 score: 13 out of 27")).to_be_visible()
    assert page.console_errors == []


def test_a_patient_fills_in_the_intake_over_two_visits_and_sends_it(page, check_screen, sign_in):
    patient = PatientFactory()
    sign_in(patient)
    page.goto("/intake")

    expect(page.get_by_role("heading", name="Your diagnosis and treatment so far")).to_be_visible()
    check_screen(page, "intake-step")
    page.get_by_role("radio", name=re.compile("Major depression")).check()
    page.get_by_label("How many antidepressant medicines have you tried?").fill("3")
    page.get_by_label(re.compile("How many courses of talk therapy")).fill("1")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="The past month")).to_be_focused()

    # Coming back later resumes where the answers stop.
    page.reload()
    expect(page.get_by_role("heading", name="The past month")).to_be_visible()
    expect(page.get_by_text("Step 2 of 5 · 3 of 15 questions answered")).to_be_visible()
    for group in page.get_by_role("radiogroup").all():
        group.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("radiogroup", name=re.compile("mental-health provider now")).get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_label("Their name").fill("Dr. Jane Moss")
    page.get_by_label("Their phone number or e-mail address").fill("+12125550199")
    page.get_by_role("radiogroup", name=re.compile("medicines or supplements")).get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Your health")).to_be_visible()
    for group in page.get_by_role("radiogroup").all():
        group.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check and send your answers")).to_be_visible()
    expect(page.get_by_text("Dr. Jane Moss")).to_be_visible()
    check_screen(page, "intake-review")
    page.get_by_role("button", name="Send my intake").click()

    expect(page.get_by_role("heading", name="Your intake is ready for your consultation")).to_be_visible()
    expect(page.get_by_text("A clinician decides, with you")).to_be_visible()
    check_screen(page, "intake-result")
    intake = Intake.objects.get(patient=patient)
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.screening_outcome == Intake.ScreeningOutcome.LIKELY_CANDIDATE
    assert page.console_errors == []


def test_a_patient_signs_the_consent_forms(page, check_screen, sign_in):
    clinic = ClinicFactory(name="Evergreen Boulder")
    documents = publish_consents(clinic.organization, kinds=("treatment", "privacy"))
    patient = PatientFactory(profile__legal_name="Robin Q. Example")
    sign_in(patient)
    page.goto("/consents")

    expect(page.get_by_text("Test Care Network: 0 of 2 forms signed.")).to_be_visible()
    check_screen(page, "consents")
    treatment = page.get_by_role("region", name="Treatment consent")
    expect(treatment.get_by_role("region", name="Text of Treatment consent")).to_have_text("The treatment terms, v1.")
    name = treatment.get_by_label("Type your full legal name to sign")
    name.fill("Someone Else")
    treatment.get_by_role("button", name="Sign “Treatment consent”").click()
    expect(name).to_have_accessible_description(re.compile("Please type your full legal name"))
    check_screen(page, "consents-error")

    name.fill("Robin Example")
    treatment.get_by_role("button", name="Sign “Treatment consent”").click()
    expect(treatment.get_by_text("Signed", exact=True)).to_be_visible()
    privacy = page.get_by_role("region", name="Privacy consent")
    privacy.get_by_label("Type your full legal name to sign").fill("Robin Example")
    privacy.get_by_role("button", name="Sign “Privacy consent”").click()

    expect(page.get_by_text("You have signed all 2 of Test Care Network’s forms. Thank you.")).to_be_visible()
    check_screen(page, "consents-signed")
    signatures = ConsentSignature.objects.filter(patient=patient)
    assert {signature.document_sha256 for signature in signatures} == {
        document.sha256 for document in documents.values()
    }
    assert page.console_errors == []
