"""The console's Availability area in the browser: a clinic admin changes a provider's weekly hours and
the schedule and the open times follow; a change that would strand a booked appointment is refused with
the appointment listed and linked to the schedule; a provider's share of bookings and video-visit
licences are managed on their tab. Every screen of the area is scanned with axe."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from apps.booking.models import WeeklyHours
from apps.booking.selectors.availability import availability_for
from apps.core.clock import now
from tests.booking.factories import (
    AppointmentFactory,
    ChairFactory,
    ClosureFactory,
    ServiceTypeFactory,
    every_day_hours,
)
from tests.clinics.factories import ClinicFactory, ProviderLicenseFactory
from tests.e2e.test_console import drawer, patient_of, provider_at, settled, sign_in, staff_at

pytestmark = pytest.mark.django_db(transaction=True)


def day_row(page, weekday_name):
    week = page.get_by_role("table", name=re.compile("regular weekly hours"))
    return week.get_by_role("row").filter(has=page.get_by_role("rowheader", name=weekday_name))


def test_an_admin_changes_a_providers_hours_and_a_change_that_strands_a_booking_is_refused(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    admin = staff_at(clinic, "clinic_admin")
    provider = provider_at(clinic)
    every_day_hours(provider, clinic)  # 1 PM to 6 PM every day
    consultation = ServiceTypeFactory(clinic=clinic, name="Initial consultation", slug="consultation")
    ServiceTypeFactory(clinic=clinic, iv=True, name="IV ketamine infusion")
    ChairFactory(clinic=clinic, name="Chair 1")
    zone = ZoneInfo(clinic.timezone)
    tomorrow = now().astimezone(zone).date() + timedelta(days=1)
    day_after = tomorrow + timedelta(days=1)
    ClosureFactory(clinic=clinic, starts_on=tomorrow + timedelta(days=20), ends_on=tomorrow + timedelta(days=21))
    booked = AppointmentFactory(
        service=consultation,
        provider=provider,
        patient=patient_of(clinic, "Maya Thompson"),
        starts_at=datetime.combine(tomorrow, time(15), tzinfo=zone),
    )
    tomorrow_name, day_after_name = f"{tomorrow:%A}", f"{day_after:%A}"

    sign_in(page, admin)
    page.goto(f"/clinic/{clinic.slug}/schedule")
    page.get_by_role("navigation", name="Clinic console").get_by_role("link", name="Availability").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Availability")
    expect(page.get_by_text(re.compile("Times are the clinic’s wall clock: America/Denver"))).to_be_visible()
    expect(day_row(page, day_after_name)).to_contain_text("1:00 PM – 6:00 PM")
    check_screen(page, "console-availability-hours")

    # The day after tomorrow has nothing booked: the provider now works the morning instead.
    row = day_row(page, day_after_name)
    row.get_by_role("button", name=f"Change {day_after_name} 1:00 PM – 6:00 PM").click()
    row.get_by_label(f"Start ({day_after_name})").fill("09:00")
    row.get_by_label(f"End ({day_after_name})").fill("12:00")
    row.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("9:00 AM – 12:00 PM")
    hours = WeeklyHours.objects.get(provider=provider, clinic=clinic, weekday=day_after.weekday())
    assert (hours.start_time, hours.end_time) == (time(9), time(12))
    open_times = availability_for(
        clinic=clinic, service=consultation, first_day=day_after, last_day=day_after, at=now(), patient_rules=False
    )
    assert {slot.start.astimezone(zone).hour for slot in open_times.slots} == {9, 10, 11}

    # Tomorrow Maya is booked at 3 PM: ending the day at 2 PM is refused, and she is listed.
    row = day_row(page, tomorrow_name)
    row.get_by_role("button", name=f"Change {tomorrow_name} 1:00 PM – 6:00 PM").click()
    row.get_by_label(f"End ({tomorrow_name})").fill("14:00")
    row.get_by_role("button", name="Save").click()
    refusal = row.get_by_role("alert")
    expect(refusal).to_contain_text("would leave 1 booked appointment outside the available hours")
    affected = refusal.get_by_role("list", name="Affected appointments")
    expect(affected).to_contain_text("Maya Thompson · Initial consultation with Dr. Ana Rivera")
    check_screen(page, "console-availability-refused")
    tomorrows_hours = WeeklyHours.objects.get(provider=provider, clinic=clinic, weekday=tomorrow.weekday())
    assert tomorrows_hours.end_time == time(18)

    affected.get_by_role("link").click()
    expect(drawer(page).get_by_role("heading", name="Maya Thompson")).to_be_visible()
    settled(drawer(page))
    assert f"appointment={booked.pk}" in page.url
    page.keyboard.press("Escape")
    page.goto(f"/clinic/{clinic.slug}/schedule?date={day_after.isoformat()}")
    expect(page.get_by_role("region", name="Dr. Ana Rivera")).to_contain_text("Works 9 AM to 12 PM")

    page.goto(f"/clinic/{clinic.slug}/availability?tab=time-off")
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Add time off").click()
    expect(page.get_by_role("alert")).to_contain_text("Maya Thompson")
    check_screen(page, "console-availability-time-off")

    for tab, content in (
        ("Closures", "Days Evergreen Boulder is closed"),
        ("Chairs", "Chair 1"),
        ("Services & prices", "$450.00"),
    ):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tabpanel")).to_contain_text(content)
        check_screen(page, f"console-availability-{tab.split()[0].lower()}")
    assert page.console_errors == []


def test_front_desk_sees_the_hours_without_controls_to_change_them(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    desk = staff_at(clinic, "front_desk")
    every_day_hours(provider_at(clinic), clinic)

    sign_in(page, desk)
    page.goto(f"/clinic/{clinic.slug}/availability")
    expect(page.get_by_text(re.compile("^Read only"))).to_be_visible()
    expect(day_row(page, "Monday")).to_contain_text("1:00 PM – 6:00 PM")
    expect(page.get_by_role("button", name=re.compile("^(Change|Remove|Add hours)"))).to_have_count(0)
    check_screen(page, "console-availability-read-only")
    assert page.console_errors == []


def test_an_admin_sets_a_providers_share_and_licences_and_a_licence_a_booked_video_visit_needs_stays(
    page, check_screen
):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver", region="US-CO")
    admin = staff_at(clinic, "clinic_admin")
    provider = provider_at(clinic)
    every_day_hours(provider, clinic)
    colorado = ProviderLicenseFactory(provider=provider, region="US-CO", number="CO-1001")
    video = ServiceTypeFactory(clinic=clinic, telehealth=True, name="Initial consultation", slug="consultation")
    tomorrow = now().astimezone(ZoneInfo(clinic.timezone)).date() + timedelta(days=1)
    AppointmentFactory(
        service=video,
        provider=provider,
        patient=patient_of(clinic, "Maya Thompson"),
        starts_at=datetime.combine(tomorrow, time(15), tzinfo=ZoneInfo(clinic.timezone)),
        visit_region="US-CO",
        video_room="e2e0room0" + "1" * 23,
    )

    sign_in(page, admin)
    page.goto(f"/clinic/{clinic.slug}/availability")
    page.get_by_role("tab", name="Providers & licences").click()
    panel = page.get_by_role("region", name="Dr. Ana Rivera")
    licences = panel.get_by_role("table", name="Where Dr. Ana Rivera may see patients by video")
    expect(licences.get_by_role("row", name=re.compile("Colorado"))).to_contain_text("CO-1001")
    check_screen(page, "console-availability-providers")

    panel.get_by_label("Share of bookings that name no provider").fill("3")
    panel.get_by_role("button", name="Save share").click()
    expect(panel.get_by_role("status")).to_have_text("Saved")
    assert provider.user.memberships.get(clinic=clinic).booking_weight == 3

    add = panel.get_by_role("form", name="Add a licence for Dr. Ana Rivera")
    add.get_by_role("combobox", name="State").fill("New York")
    page.get_by_role("option", name="New York").click()
    add.get_by_label("Licence number").fill("NY-77")
    add.get_by_role("button", name="Add licence").click()
    expect(licences.get_by_role("row", name=re.compile("New York"))).to_contain_text("NY-77")
    assert set(provider.licenses.values_list("region", flat=True)) == {"US-CO", "US-NY"}

    # Maya will be in Colorado for tomorrow's video visit: that licence cannot go.
    panel.get_by_role("button", name="Remove the Colorado licence").click()
    refusal = panel.get_by_role("alert")
    expect(refusal).to_contain_text("the patient will be in US-CO")
    expect(refusal.get_by_role("list", name="Affected appointments")).to_contain_text("Maya Thompson")
    check_screen(page, "console-availability-licence-refused")
    assert provider.licenses.filter(pk=colorado.pk).exists()
    assert page.console_errors == []
