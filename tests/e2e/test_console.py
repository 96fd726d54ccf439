"""The clinic console in the browser: the schedule's check-in to completion, booking and moving on a
patient's behalf, the provider's outcome and plan, safety alerts, the delivery log, and one clinic's
staff kept out of another clinic's patients. Every screen is scanned with axe."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from apps.booking.models import Appointment, AppointmentStatus
from apps.care.models import DosingBookingDetails, SafetyAlert, SessionRecord, TreatmentPlan
from apps.care.services.assessments import assessment_submit
from apps.core.clock import now
from apps.reminders.models import Status
from tests.accounts.factories import PatientFactory, StaffUserFactory
from tests.booking.factories import AppointmentFactory, ChairFactory, ServiceTypeFactory, every_day_hours
from tests.care.factories import (
    make_assessment,
    make_intake,
    name_escort,
    publish_consents,
    ready_for_consultation,
    record_outcome,
    sign_consents,
)
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory, ProviderProfileFactory
from tests.e2e.sign_in_steps import enter_code, enter_password
from tests.reminders.factories import NotificationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user):
    page.goto("/account/login")
    enter_password(page, user.email)
    enter_code(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    # Leave nothing of the sign-in in flight: on SQLite the live server's threads share one connection.
    page.wait_for_load_state("networkidle")


def staff_at(clinic, role):
    user = StaffUserFactory()
    MembershipFactory(clinic=clinic, user=user, role=role)
    return user


def provider_at(clinic, name="Dr. Ana Rivera"):
    profile = ProviderProfileFactory(display_name=name)
    MembershipFactory(clinic=clinic, user=profile.user, role="provider")
    return profile


def patient_of(clinic, legal_name, preferred_name=""):
    patient = PatientFactory(profile__legal_name=legal_name, profile__preferred_name=preferred_name)
    ClinicPatientFactory(clinic=clinic, patient=patient)
    return patient


def local_date(instant, clinic):
    return instant.astimezone(ZoneInfo(clinic.timezone)).date().isoformat()


def choose_segment(page, label):
    """Mantine's segmented control hides its radio inputs under their labels."""
    page.locator("label", has_text=re.compile(f"^{label}$")).click()


def settled(dialog):
    """Wait for a dialog's opening transition to end, so axe measures its final colours."""
    expect(dialog).to_have_css("opacity", "1")
    return dialog


def drawer(page):
    return page.get_by_role("dialog", name="Appointment")


def test_front_desk_checks_a_patient_in_and_completes_the_visit_from_the_schedule(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    desk = staff_at(clinic, "front_desk")
    provider = provider_at(clinic)
    chair = ChairFactory(clinic=clinic, name="Chair 1")
    # Not a dose: a dose is completed through its session record (the next test).
    service = ServiceTypeFactory(clinic=clinic, kind="integration", name="Integration session")
    patient = patient_of(clinic, "Maya Thompson", "Maya")
    start = (now() - timedelta(minutes=10)).replace(second=0, microsecond=0)
    appointment = AppointmentFactory(service=service, patient=patient, provider=provider, chair=chair, starts_at=start)

    sign_in(page, desk)
    page.goto(f"/clinic/{clinic.slug}/schedule?date={local_date(start, clinic)}")
    expect(page.get_by_text("America/Denver", exact=True)).to_be_visible()
    provider_column = page.get_by_role("region", name="Dr. Ana Rivera")
    expect(provider_column.get_by_role("button", name=re.compile("Confirmed.*Maya"))).to_be_visible()
    check_screen(page, "console-schedule-day")

    provider_column.get_by_role("button", name=re.compile("Maya")).click()
    expect(drawer(page).get_by_role("heading", name="Maya")).to_be_visible()
    settled(drawer(page))
    check_screen(page, "console-appointment")
    drawer(page).get_by_role("button", name="Check in").click()
    expect(drawer(page).get_by_role("button", name="Mark completed")).to_be_visible()
    expect(provider_column.get_by_role("button", name=re.compile("Checked in.*Maya"))).to_have_count(1)
    drawer(page).get_by_role("button", name="Mark completed").click()
    drawer(page).get_by_role("button", name="Yes, mark completed").click()
    expect(drawer(page).get_by_text("This appointment is final")).to_be_visible()
    expect(drawer(page).get_by_text(re.compile("Checked in by the clinic"))).to_be_visible()

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.COMPLETED
    page.keyboard.press("Escape")
    choose_segment(page, "Week")
    expect(page.get_by_role("heading", level=2, name=re.compile("^Week of"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Completed.*Maya")).first).to_be_visible()
    check_screen(page, "console-schedule-week")
    assert page.console_errors == []


def test_a_provider_checks_in_a_dose_records_the_session_and_completes_it(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    provider = provider_at(clinic)
    chair = ChairFactory(clinic=clinic, name="Chair 1")
    infusion = ServiceTypeFactory(clinic=clinic, iv=True, name="IV ketamine infusion")
    patient = patient_of(clinic, "Maya Thompson", "Maya")
    start = (now() - timedelta(minutes=10)).replace(second=0, microsecond=0)
    appointment = AppointmentFactory(service=infusion, patient=patient, provider=provider, chair=chair, starts_at=start)
    DosingBookingDetails.objects.create(
        appointment=appointment,
        escort_name="Chris Thompson",
        escort_phone="+12125550177",
        no_driving_acknowledged_at=start - timedelta(days=2),
    )

    sign_in(page, provider.user)
    page.goto(f"/clinic/{clinic.slug}/schedule?date={local_date(start, clinic)}")
    page.get_by_role("region", name="Dr. Ana Rivera").get_by_role("button", name=re.compile("Maya")).click()
    drawer(page).get_by_role("button", name="Check in").click()
    record = drawer(page).get_by_role("region", name="Session record")
    expect(record.get_by_text(re.compile("Escort named at booking: Chris Thompson"))).to_be_visible()
    expect(drawer(page).get_by_role("button", name="Mark completed")).to_have_count(0)

    record.get_by_label("Dose").fill("0.5")
    record.get_by_role("combobox", name="Unit").click()
    page.get_by_role("option", name="mg/kg").click()
    before = record.get_by_role("group", name="Vital signs before the dose")
    for label, value in (("Systolic", "128"), ("Diastolic", "82"), ("Heart rate", "72"), ("SpO", "98")):
        before.get_by_label(re.compile(label)).fill(value)
    record.get_by_role("button", name="Save draft").click()
    expect(record.get_by_text(re.compile("^Draft saved "))).to_be_visible()
    settled(drawer(page))
    check_screen(page, "console-session-record")

    # Completing too early names what is missing next to each field.
    record.get_by_role("button", name="Complete session").click()
    record.get_by_role("button", name="Yes, complete session").click()
    expect(record.get_by_text("Some fields need attention: see the messages next to them.")).to_be_visible()
    expect(record.get_by_text("Needed to complete the session.")).to_have_count(6)

    after = record.get_by_role("group", name="Vital signs at recovery")
    for label, value in (("Systolic", "122"), ("Diastolic", "80"), ("Heart rate", "70"), ("SpO", "99")):
        after.get_by_label(re.compile(label)).fill(value)
    record.get_by_label("Dissociation").check()
    record.get_by_role("button", name="Left now").click()
    record.get_by_role("button", name="Left with Chris Thompson").click()
    record.get_by_role("button", name="Complete session").click()
    record.get_by_role("button", name="Yes, complete session").click()
    expect(drawer(page).get_by_text("This appointment is final")).to_be_visible()
    expect(record.get_by_role("cell", name=re.compile("Dissociation"))).to_be_visible()
    check_screen(page, "console-session-record-completed")

    appointment.refresh_from_db()
    saved = SessionRecord.objects.get(appointment=appointment)
    assert appointment.status == AppointmentStatus.COMPLETED
    assert (saved.completed_by, saved.dose_unit, saved.discharged_with) == (provider.user, "mg/kg", "Chris Thompson")
    assert (saved.before_systolic, saved.after_spo2, saved.side_effects) == (128, 99, ["dissociation"])
    assert page.console_errors == []


def test_front_desk_books_for_a_patient_and_moves_the_booking(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    desk = staff_at(clinic, "front_desk")
    provider = provider_at(clinic)
    every_day_hours(provider, clinic)
    ServiceTypeFactory(clinic=clinic, name="Initial consultation", slug="consultation")
    patient = patient_of(clinic, "Jordan Alvarez")
    publish_consents(clinic.organization)
    ready_for_consultation(patient, clinic)

    sign_in(page, desk)
    page.goto(f"/clinic/{clinic.slug}/schedule")
    page.get_by_role("button", name="Book an appointment").click()
    dialog = page.get_by_role("dialog", name="Book an appointment")
    dialog.get_by_role("combobox", name="Patient").fill("alvar")
    page.get_by_role("option", name=re.compile("Jordan Alvarez")).click()
    dialog.get_by_role("combobox", name="Service").click()
    page.get_by_role("option", name="Initial consultation · 60 min").click()
    # Tomorrow has free times whatever the hour now; the provider works 1 PM to 6 PM every day.
    dialog.get_by_role("button", name="Next day").click()
    dialog.locator("label", has_text="1:00 PM").click()
    expect(dialog.get_by_text(re.compile("Initial consultation for Jordan Alvarez"))).to_be_visible()
    settled(dialog)
    check_screen(page, "console-booking")
    dialog.get_by_role("button", name="Book appointment").click()
    expect(dialog).to_be_hidden()

    booked = Appointment.objects.get(patient=patient)
    assert (booked.status, booked.booked_by) == (AppointmentStatus.CONFIRMED, desk)
    assert booked.starts_at.astimezone(ZoneInfo(clinic.timezone)).hour == 13

    page.get_by_role("region", name="Dr. Ana Rivera").get_by_role("button", name=re.compile("Jordan")).click()
    drawer(page).get_by_role("button", name="Move").click()
    drawer(page).locator("label", has_text="3:00 PM").click()
    drawer(page).get_by_role("button", name=re.compile("^Move to")).click()
    expect(drawer(page).get_by_text(re.compile("Moved from"))).to_be_visible()
    check_screen(page, "console-appointment-moved")
    booked.refresh_from_db()
    assert booked.starts_at.astimezone(ZoneInfo(clinic.timezone)).hour == 15
    assert page.console_errors == []


def test_a_provider_reviews_an_intake_records_the_outcome_and_creates_a_plan(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder")
    provider = provider_at(clinic)
    patient = patient_of(clinic, "Robin Example")
    make_intake(patient=patient, submitted=True, substance_use=True)

    sign_in(page, provider.user)
    page.goto(f"/clinic/{clinic.slug}/patients")
    page.get_by_label("Search patients").fill("robin")
    page.get_by_role("link", name="Robin Example").click()
    expect(page.get_by_role("heading", level=1, name="Robin Example")).to_be_visible()
    intake = page.get_by_role("region", name="Intake and screen")
    expect(intake.get_by_text("Needs a clinician’s review")).to_be_visible()
    expect(intake.get_by_role("listitem").filter(has_text="Worrying alcohol or drug use")).to_be_visible()
    check_screen(page, "console-patient")

    outcomes = page.get_by_role("region", name="Consultation outcomes")
    outcomes.get_by_label("Accepted for treatment").check()
    outcomes.get_by_label("Notes").fill("Substance use discussed; in recovery five years.")
    outcomes.get_by_role("button", name="Record outcome").click()
    expect(outcomes.get_by_role("cell", name="Accepted for treatment")).to_be_visible()

    plan = page.get_by_role("region", name="Treatment plan")
    plan.get_by_label("IV infusion").check()
    plan.get_by_role("button", name="Create plan").click()
    expect(plan.get_by_text("Active", exact=True)).to_be_visible()
    expect(plan.get_by_role("cell", name="IV infusion")).to_be_visible()
    expect(plan.get_by_role("button", name="Adjust plan")).to_be_visible()
    check_screen(page, "console-patient-plan")

    created = TreatmentPlan.objects.get(patient=patient)
    assert (created.status, created.approved_routes, created.provider) == ("active", ["iv_infusion"], provider.user)
    assert page.console_errors == []


def book_a_dose_tomorrow_at_one(page):
    """From the patient page: an IV infusion tomorrow at 1 PM (the provider works 1 PM to 6 PM daily)."""
    page.get_by_role("button", name="Book an appointment").click()
    dialog = page.get_by_role("dialog", name="Book an appointment")
    dialog.get_by_role("combobox", name="Service").click()
    page.get_by_role("option", name="IV ketamine infusion · 40 min").click()
    dialog.get_by_role("button", name="Next day").click()
    dialog.locator("label", has_text="1:00 PM").click()
    dialog.get_by_label(re.compile("won’t drive until the day after")).check()
    dialog.get_by_role("button", name="Book appointment").click()
    return dialog


def test_a_provider_creates_the_plan_that_lets_the_patient_book_dosing_sessions(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder")
    provider = provider_at(clinic)
    every_day_hours(provider, clinic)
    ChairFactory(clinic=clinic)
    ServiceTypeFactory(clinic=clinic, iv=True, name="IV ketamine infusion", slug="iv")
    patient = patient_of(clinic, "Robin Example")
    publish_consents(clinic.organization)
    make_intake(patient=patient, submitted=True)
    sign_consents(patient, clinic.organization)
    make_assessment(patient)
    name_escort(patient)
    record_outcome(patient, clinic, provider=provider.user)

    sign_in(page, provider.user)
    page.goto(f"/clinic/{clinic.slug}/patients/{patient.pk}")
    # Without a plan, the care pathway refuses the dose and says why.
    dialog = book_a_dose_tomorrow_at_one(page)
    expect(dialog.get_by_role("list", name="What is still needed")).to_contain_text("treatment plan")
    settled(dialog)
    check_screen(page, "console-booking-refused")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert not Appointment.objects.filter(patient=patient).exists()

    plan = page.get_by_role("region", name="Treatment plan")
    plan.get_by_label("IV infusion").check()
    plan.get_by_role("button", name="Create plan").click()
    expect(plan.get_by_text("Active", exact=True)).to_be_visible()

    dialog = book_a_dose_tomorrow_at_one(page)
    expect(dialog).to_be_hidden()
    booked = Appointment.objects.get(patient=patient)
    assert (booked.service.kind, booked.status, booked.booked_by) == (
        "dosing",
        AppointmentStatus.CONFIRMED,
        provider.user,
    )
    assert booked.dosing_details.escort_name == "Chris Thompson"
    assert page.console_errors == []


def test_staff_acknowledge_a_safety_alert_with_a_note(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder")
    admin = staff_at(clinic, "clinic_admin")
    patient = patient_of(clinic, "Zoe Young")
    assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=[1] * 8 + [2])

    sign_in(page, admin)
    page.goto(f"/clinic/{clinic.slug}/patients")
    urgent = page.get_by_role("region", name="Needs attention now")
    expect(urgent.get_by_role("link", name="Zoe Young")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Safety alerts\W+1 open"))).to_be_visible()
    check_screen(page, "console-patients")

    page.goto(f"/clinic/{clinic.slug}/alerts")
    alert = page.get_by_role("article", name="Zoe Young")
    expect(alert.get_by_text(re.compile("More than half the days"))).to_be_visible()
    check_screen(page, "console-alerts")
    alert.get_by_role("button", name="Acknowledge").click()
    dialog = page.get_by_role("dialog", name="Acknowledge the alert")
    dialog.get_by_label("Note").fill("Called Zoe; safe tonight, safety plan reviewed, seen tomorrow.")
    settled(dialog)
    check_screen(page, "console-acknowledge")
    dialog.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("No open alerts.")).to_be_visible()

    choose_segment(page, "Acknowledged")
    expect(page.get_by_text(re.compile("Acknowledged by .*Called Zoe"))).to_be_visible()
    acknowledged = SafetyAlert.objects.get(patient=patient)
    assert acknowledged.acknowledged_by == admin
    assert acknowledged.acknowledgement_note.startswith("Called Zoe")
    assert page.console_errors == []


def test_a_failed_message_is_resent_from_the_delivery_log(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder")
    admin = staff_at(clinic, "clinic_admin")
    patient = patient_of(clinic, "Maya Thompson")
    failed = NotificationFactory(
        recipient=patient, clinic=clinic, channel="sms", status="failed", attempts=5, last_error="Carrier rejected"
    )
    NotificationFactory(recipient=patient, clinic=clinic, status="sent", attempts=1, sent_at=now())

    sign_in(page, admin)
    page.goto(f"/clinic/{clinic.slug}/messages")
    expect(page.get_by_role("cell", name="Carrier rejected")).to_be_visible()
    check_screen(page, "console-delivery-log")
    page.get_by_role("button", name=re.compile("^Resend")).click()
    expect(page.get_by_text(f"Sending again to {patient.email}.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Resend"))).to_have_count(0)

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (Status.PENDING, 0, "")
    assert page.console_errors == []


def test_a_clinic_admin_can_neither_see_nor_open_another_clinics_patients(page, check_screen):
    own = ClinicFactory(name="Evergreen Boulder")
    other = ClinicFactory(name="Evergreen Elsewhere")
    admin = staff_at(own, "clinic_admin")
    patient_of(own, "Alex Able")
    stranger = patient_of(other, "Blair Other")

    sign_in(page, admin)
    page.goto("/clinic")
    expect(page.get_by_role("link", name="Evergreen Boulder")).to_be_visible()
    expect(page.get_by_text("Evergreen Elsewhere")).to_have_count(0)

    page.goto(f"/clinic/{own.slug}/patients")
    expect(page.get_by_role("link", name="Alex Able")).to_be_visible()
    page.get_by_role("combobox", name="Clinic").click()
    expect(page.get_by_role("option")).to_have_text([re.compile("Evergreen Boulder")])
    page.keyboard.press("Escape")
    page.get_by_label("Search patients").fill("Blair")
    expect(page.get_by_text("No patient of Evergreen Boulder matches “Blair”.")).to_be_visible()

    page.goto(f"/clinic/{other.slug}/patients")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic not found")
    check_screen(page, "console-not-your-clinic")
    page.goto(f"/clinic/{other.slug}/patients/{stranger.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic not found")
    page.goto(f"/clinic/{own.slug}/patients/{stranger.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patient not found")
    check_screen(page, "console-patient-not-found")
    expect(page.get_by_text("Blair")).to_have_count(0)
    assert page.console_errors == []
