"""The console's reports in the browser: a clinic admin reads last week's figures and downloads them
as CSV (the export lands in the audit trail); an organization admin compares the clinics. Every
screen is scanned with axe."""

import csv
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from apps.audit.models import AuditAction, AuditEvent
from apps.core.clock import now
from tests.accounts.factories import StaffUserFactory
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory, OrganizationAdminFactory, ProviderProfileFactory
from tests.e2e.test_console import choose_segment
from tests.e2e.test_console import sign_in as sign_in_with_two_factors
from tests.reports.factories import paid

pytestmark = pytest.mark.django_db(transaction=True)


def last_weeks_monday(clinic) -> datetime:
    today = now().astimezone(ZoneInfo(clinic.timezone)).date()
    monday = today - timedelta(days=today.weekday() + 7)
    return datetime.combine(monday, time(10), tzinfo=ZoneInfo(clinic.timezone))


def busy_last_week(clinic):
    """Five appointments booked for last week: three completed, one missed, one cancelled by the
    patient; one of them paid $250."""
    monday = last_weeks_monday(clinic)
    service = ServiceTypeFactory(clinic=clinic, name="Initial consultation")
    provider = ProviderProfileFactory()
    statuses = ["completed", "completed", "completed", "no_show", "cancelled"]
    appointments = [
        AppointmentFactory(
            service=service,
            provider=provider,
            starts_at=monday + timedelta(days=day),
            status=status,
            cancelled_by="patient" if status == "cancelled" else "",
        )
        for day, status in enumerate(statuses)
    ]
    paid(appointments[0], at=appointments[0].starts_at, amount_cents=25000)
    return monday.date()


def summary_figure(page, label):
    """The figure (dd) under ``label`` (dt) in the range's summary."""
    term = page.get_by_role("region", name="The whole range").locator("dt", has_text=re.compile(f"^{label}$"))
    return term.locator("xpath=following-sibling::dd")


def test_a_clinic_admin_reads_last_weeks_figures_and_downloads_them(page, check_screen):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    admin = StaffUserFactory()
    MembershipFactory(clinic=clinic, user=admin, role="clinic_admin")
    monday = busy_last_week(clinic)

    sign_in_with_two_factors(page, admin)
    page.goto(f"/clinic/{clinic.slug}/schedule")
    page.get_by_role("navigation", name="Clinic console").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports: Evergreen Boulder")
    expect(summary_figure(page, "Appointments booked")).to_have_text("5")
    expect(summary_figure(page, "Cancelled")).to_have_text("1")
    expect(summary_figure(page, "No-show rate")).to_have_text("25%")
    revenue = page.get_by_role("table", name=re.compile(r"^Revenue and refunds \(USD\)"))
    expect(revenue.get_by_role("row", name=re.compile(monday.strftime("%b %-d")))).to_contain_text("$250.00")
    check_screen(page, "console-reports")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        rows = list(csv.DictReader(exported))
    last_week = next(row for row in rows if row["week_start"] == monday.isoformat())
    assert (last_week["booked"], last_week["no_shows"], last_week["revenue_cents_USD"]) == ("5", "1", "25000")
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (export.actor, export.clinic) == (admin, clinic)

    page.get_by_role("region", name="Bookings and cancellations").get_by_role("button", name="Show table").click()
    expect(page.get_by_role("region", name="Table: Bookings and cancellations")).to_be_visible()
    check_screen(page, "console-reports-table")
    assert page.console_errors == []


def test_an_organization_admin_compares_the_clinics(page, check_screen):
    boulder = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    brooklyn = ClinicFactory(name="Evergreen Brooklyn", timezone="America/New_York", organization=boulder.organization)
    busy_last_week(boulder)
    busy_last_week(brooklyn)
    admin = OrganizationAdminFactory(organization=boulder.organization).user

    sign_in_with_two_factors(page, admin)
    page.goto(f"/clinic/{boulder.slug}/reports")
    expect(summary_figure(page, "Appointments booked")).to_have_text("5")
    choose_segment(page, "All clinics")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports: all clinics")
    expect(summary_figure(page, "Appointments booked")).to_have_text("10")
    clinics = page.get_by_role("region", name="Table of clinics")
    expect(clinics.get_by_role("row", name=re.compile("Evergreen Brooklyn"))).to_contain_text("5")
    check_screen(page, "console-reports-all-clinics")
    assert page.console_errors == []
