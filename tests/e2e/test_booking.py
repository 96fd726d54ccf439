"""The booking screens in the browser, against the real API: a new patient signs up, sends the intake,
books a video consultation, finds it on the dashboard, moves it and cancels it; and the video visit's
page counts down, then opens the room. Each screen gets an axe scan."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.models import PatientProfile, User
from apps.booking.models import Appointment, AppointmentStatus, ServiceType, VisitLocation
from apps.booking.selectors.catalogue import clinic_zone
from apps.core.clock import now
from tests.accounts.factories import PASSWORD, PatientFactory
from tests.booking.factories import AppointmentFactory
from tests.care.factories import booking_scene, publish_consents, ready_for_consultation, sign_consents
from tests.clinics.factories import ClinicFactory, ProviderLicenseFactory, ProviderProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The clinic keeps Denver's time; the patient lives in New York, so each time shows both clocks.
PATIENT_ZONE = "America/New_York"
VIDEO_ROOM_HOST = "https://video.portal.test/"


@pytest.fixture
def clinic():
    """A clinic taking video consultations every afternoon with two days' notice (so that a booking can
    still be moved: the cancellation window is the 24 hours before it), with the consent forms published."""
    clinic = ClinicFactory(name="Evergreen Denver", slug="denver")
    booking_scene(clinic)
    ServiceType.objects.filter(clinic=clinic, slug="video-consult").update(
        name="Video consultation", minimum_notice_minutes=2 * 24 * 60
    )
    publish_consents(clinic.organization)
    return clinic


def sign_up_and_verify(page, email):
    page.goto("/account/signup")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("create", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("e-mail", re.I))).to_be_visible()
    link = re.search(r"(http://\S+/account/verify-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(urlparse(link).path)
    page.get_by_role("button", name=re.compile("confirm|verify", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    return User.objects.get(email=email)


def send_intake(page):
    """Answers the intake as someone with treatment-resistant depression and nothing that rules it out."""
    page.goto("/intake")
    page.get_by_role("radio", name=re.compile("Major depression")).check()
    page.get_by_label("How many antidepressant medicines have you tried?").fill("3")
    page.get_by_label(re.compile("How many courses of talk therapy")).fill("1")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="The past month")).to_be_visible()
    for group in page.get_by_role("radiogroup").all():
        group.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Save and continue").click()
    care = {"mental-health provider now": "No", "open to seeing": "Yes", "medicines or supplements": "No"}
    for question, answer in care.items():
        page.get_by_role("radiogroup", name=re.compile(question)).get_by_role("radio", name=answer).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Your health")).to_be_visible()
    for group in page.get_by_role("radiogroup").all():
        group.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Send my intake").click()
    expect(page.get_by_role("heading", name="Your intake is ready for your consultation")).to_be_visible()


def choose_first_free_time(page):
    times = page.get_by_role("group", name=re.compile("^Free times on"))
    expect(times).to_be_visible()
    # The clinic's time, labelled with its zone, and the patient's own time beside it.
    first = times.get_by_role("radio").first
    expect(first).to_contain_text(re.compile(r"M[SD]T"))
    expect(first).to_contain_text(re.compile(r"E[SD]T your time"))
    label = first.inner_text()
    first.click()
    return label


@pytest.mark.viewports("phone", "desktop")
def test_a_new_patient_books_moves_and_cancels_a_video_consultation(page, check_screen, clinic):
    patient = sign_up_and_verify(page, "new.patient@example.com")
    PatientProfile.objects.filter(user=patient).update(
        legal_name="Robin Example", region=clinic.region, timezone=PATIENT_ZONE
    )
    patient.refresh_from_db()
    sign_consents(patient, clinic.organization, ["privacy", "financial", "telehealth"])
    send_intake(page)

    page.goto("/")
    next_visit = page.get_by_role("region", name="Your next appointment")
    expect(next_visit.get_by_text("You have no upcoming appointments.")).to_be_visible()
    next_visit.get_by_role("link", name="Book an appointment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Book an appointment")
    expect(page.get_by_role("combobox", name="Clinic")).to_have_value("Evergreen Denver, Denver")
    page.get_by_role("radio", name=re.compile("Video consultation")).click()
    # Where the patient will be decides who may see them; their home state is offered first.
    expect(page.get_by_role("combobox", name=re.compile("Where will you be during the video visit"))).to_have_value(
        "Colorado"
    )
    check_screen(page, "book-service")
    page.get_by_role("button", name="Choose a time").click()

    expect(page.get_by_role("heading", name="Choose a time for your video consultation")).to_be_focused()
    chosen = choose_first_free_time(page)
    check_screen(page, "book-time")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check and confirm")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\(your time\)"))).to_be_visible()
    check_screen(page, "book-confirm")
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_text("You’re booked")).to_be_visible()
    appointment = Appointment.objects.get(patient=patient)
    assert appointment.status == AppointmentStatus.CONFIRMED
    assert appointment.service.slug == "video-consult"
    assert appointment.visit_region == clinic.region
    assert chosen.startswith(appointment.starts_at.astimezone(clinic_zone(clinic)).strftime("%-I:%M %p"))
    expect(page.get_by_role("link", name="Add to your calendar")).to_have_attribute(
        "href", f"/api/v1/appointments/{appointment.pk}/calendar.ics"
    )
    check_screen(page, "book-done")

    page.goto("/")
    next_visit = page.get_by_role("region", name="Your next appointment")
    expect(next_visit.get_by_text("Video consultation", exact=True)).to_be_visible()
    expect(next_visit.get_by_role("link", name="Join the video visit")).to_have_attribute(
        "href", f"/appointments/{appointment.pk}/join"
    )
    check_screen(page, "dashboard-next-appointment")
    next_visit.get_by_role("link", name=re.compile("^Details")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your appointment")
    expect(page.get_by_text("Confirmed")).to_be_visible()
    check_screen(page, "appointment")
    page.get_by_role("link", name="Move to another time").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Move your appointment")
    choose_first_free_time(page)
    check_screen(page, "reschedule")
    page.get_by_role("button", name="Move my appointment").click()
    expect(page.get_by_text(re.compile("Your appointment has been moved to"))).to_be_visible()
    moved = Appointment.objects.get(pk=appointment.pk)
    assert moved.starts_at != appointment.starts_at
    assert moved.status == AppointmentStatus.CONFIRMED

    page.get_by_role("link", name="Cancel appointment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your appointment")
    expect(page.get_by_role("region", name="Cancellation policy")).to_be_visible()
    check_screen(page, "cancel")
    page.get_by_role("button", name="Cancel my appointment").click()
    expect(page.get_by_text("Your appointment has been cancelled.")).to_be_visible()
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED

    page.get_by_role("link", name="All your appointments").click()
    expect(page.get_by_text("You have no upcoming appointments.")).to_be_visible()
    page.get_by_role("tab", name="Past and cancelled").click()
    expect(page.get_by_role("article", name="Video consultation")).to_be_visible()
    check_screen(page, "appointments")
    assert page.console_errors == []


# 2027 at the clinic: August starts on a Sunday, and the clocks change on March 14 and November 7.
FIRSTS_OF_2027 = [datetime(2027, month, 1, 15, 0, tzinfo=UTC) for month in range(1, 13)]


def test_every_month_of_a_year_of_the_booking_calendar_passes_the_scan(
    page, check_screen, sign_in, portal_clock, clinic
):
    """Which days are today, free, weekends, too soon to book or chosen moves with the date: the
    calendar is scanned as a patient sees it on the first of each month of a year (the 1st and 2nd
    inside the two days' notice, the first free day chosen), so no month can hide a colour that fails."""
    patient = PatientFactory(profile__region=clinic.region, profile__timezone=PATIENT_ZONE)
    ready_for_consultation(patient, clinic)
    for first in FIRSTS_OF_2027:
        portal_clock.move_to(first, tick=True)
        page.clock.set_system_time(now())
        # A sign-in per month: the last one has long passed its idle limit on the portal's clock.
        sign_in(patient)
        page.goto("/book")
        page.get_by_role("radio", name=re.compile("Video consultation")).click()
        page.get_by_role("button", name="Choose a time").click()
        month = first.astimezone(clinic_zone(clinic))
        expect(page.get_by_text(f"{month:%B %Y}", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name=re.compile(rf"^{month:%A, %B} 1, no free times"))).to_be_visible()
        expect(page.get_by_role("group", name=re.compile(rf"^Free times on \w+, {month:%B} 3"))).to_be_visible()
        check_screen(page, f"book-time-{month:%Y-%m}")
    assert page.console_errors == []


@pytest.fixture
def video_visit(clinic):
    """A patient and a provider, and a way to give them a video visit starting ``in_minutes`` from now."""
    patient = PatientFactory()
    provider = ProviderProfileFactory(display_name="Dr. Ana Rivera")
    service = ServiceType.objects.get(clinic=clinic, slug="video-consult")

    ProviderLicenseFactory(provider=provider, region=clinic.region)

    def make(in_minutes):
        return AppointmentFactory(
            service=service,
            patient=patient,
            provider=provider,
            starts_at=now() + timedelta(minutes=in_minutes),
            video_room="e2e0room0" + "0" * 23,
            visit_region=clinic.region,
        )

    return patient, make


@pytest.mark.viewports("phone", "desktop")
def test_the_video_visit_page_counts_down_to_the_room(page, check_screen, sign_in, video_visit):
    patient, make = video_visit
    visit = make(in_minutes=3 * 60)
    sign_in(patient)

    page.goto(f"/appointments/{visit.pk}/join")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your video visit")
    expect(page.get_by_text(re.compile(r"^Opens in 2 hours 4\d minutes"))).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="The video room opens in about 2 hours.")).to_be_attached()
    check_screen(page, "join-countdown")
    assert page.console_errors == []


def test_the_video_visit_page_asks_where_the_patient_is_then_opens_the_room(page, check_screen, sign_in, video_visit):
    patient, make = video_visit
    visit = make(in_minutes=10)
    sign_in(patient)
    page.route(
        f"{VIDEO_ROOM_HOST}**",
        lambda route: route.fulfill(content_type="text/html", body="<title>Video room</title><p>In the room</p>"),
    )

    page.goto(f"/appointments/{visit.pk}/join")
    where = page.get_by_role("combobox", name=re.compile("Where are you right now"))
    expect(where).to_have_value("Colorado")
    where.fill("Utah")
    page.get_by_role("option", name="Utah").click()
    page.get_by_role("button", name="Join the video visit").click()
    expect(page.get_by_text("Your provider can’t see you by video in Utah")).to_be_visible()
    check_screen(page, "join-not-licensed")
    assert VisitLocation.objects.filter(appointment=visit, region="US-UT", licensed=False).exists()

    where.fill("Colorado")
    page.get_by_role("option", name="Colorado").click()
    page.get_by_role("button", name="Join the video visit").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(VIDEO_ROOM_HOST)}{visit.video_room}\?jwt="))
    expect(page.get_by_text("In the room")).to_be_visible()
