"""The education library and the notification screens in the browser, against the real API, with an axe
scan of each screen."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.education.models import ArticleRead, Bookmark
from apps.reminders.channels import unsubscribe_token
from apps.reminders.models import NotificationPreference
from tests.accounts.factories import PatientFactory
from tests.education.factories import ArticleFactory, TopicFactory
from tests.reminders.factories import NotificationFactory

# Patients' screens, read on phones as often as on computers: scanned at both widths.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.viewports("phone", "desktop")]


def test_a_patient_searches_the_library_opens_an_article_and_keeps_it(page, check_screen, sign_in):
    aftercare = TopicFactory(name="After a session", slug="after-a-session")
    ArticleFactory(
        title="Sleep and rest after a session",
        slug="sleep-and-rest",
        summary="Why you may feel tired, and how to rest well.",
        body_markdown="Most people feel tired afterwards.\n\n## Resting well\n\nPlan a quiet evening.",
        topics=[aftercare],
    )
    ArticleFactory(title="Paying for treatment", slug="paying", summary="Costs, insurance and receipts.")
    patient = PatientFactory()
    sign_in(patient)

    page.goto("/library")
    expect(page.get_by_text("2 articles")).to_be_visible()
    check_screen(page, "library")
    page.get_by_role("searchbox", name="Search the library").fill("sleep")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.get_by_role("heading", name="Results for “sleep”")).to_be_visible()
    expect(page.get_by_text("1 article", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Paying for treatment")).to_have_count(0)
    check_screen(page, "library-search")
    page.get_by_role("link", name="Sleep and rest after a session").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sleep and rest after a session")
    expect(page.get_by_role("heading", level=2, name="Resting well")).to_be_visible()
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("You have marked this article as read.")).to_be_visible()
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
    check_screen(page, "article")

    page.get_by_role("link", name="Back to the library").click()
    page.get_by_role("link", name="Your saved articles").click()
    expect(page.get_by_role("link", name="Sleep and rest after a session")).to_be_visible()
    check_screen(page, "saved-articles")
    assert ArticleRead.objects.filter(patient=patient, article__slug="sleep-and-rest").exists()
    assert Bookmark.objects.filter(patient=patient, article__slug="sleep-and-rest").exists()
    assert page.console_errors == []


def test_a_patient_reads_a_notification_and_changes_what_they_get(page, check_screen, sign_in):
    patient = PatientFactory()
    NotificationFactory(
        recipient=patient,
        kind="check_in_questionnaire",
        channel="in_app",
        status="sent",
        sent_at=timezone.now(),
        context={"path": "/check-ins"},
    )
    sign_in(patient)

    page.goto("/notifications")
    item = page.get_by_role("listitem").filter(has_text="A short check-in is ready for you")
    expect(item.get_by_text("New", exact=True)).to_be_visible()
    check_screen(page, "notifications")
    item.get_by_role("button", name=re.compile("^Mark as read")).click()
    expect(item.get_by_text("New", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Notification settings").click()
    page.get_by_role("checkbox", name="Hold non-urgent messages during quiet hours").check()
    page.get_by_label("From").fill("22:00")
    page.get_by_label("Until").fill("07:30")
    page.get_by_role("checkbox", name="Earlier visit offers").uncheck()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your settings have been saved.")).to_be_visible()
    check_screen(page, "notification-settings")

    prefs = NotificationPreference.objects.get(user=patient)
    assert (prefs.quiet_hours_start.isoformat(), prefs.quiet_hours_end.isoformat()) == ("22:00:00", "07:30:00")
    assert prefs.unsubscribed_kinds == ["earlier_visit_offered"]
    assert patient.notifications.get().read_at is not None
    assert page.console_errors == []


def test_the_unsubscribe_link_from_an_email_works_signed_out(page, check_screen):
    patient = PatientFactory()
    token = unsubscribe_token(user_id=patient.pk, kind="booster_due")

    page.goto(f"/notifications/unsubscribe/{token}")
    expect(page.get_by_text("Stop getting “Follow-up visit due” messages?")).to_be_visible()
    check_screen(page, "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_text(re.compile("You won’t get “Follow-up visit due” messages any more"))).to_be_visible()
    assert NotificationPreference.objects.get(user=patient).unsubscribed_kinds == ["booster_due"]
    assert page.console_errors == []
