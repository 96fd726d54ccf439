"""The demo library: original articles loaded from content/, idempotently, with rules for every event."""

import re

import pytest
from django.contrib.auth import get_user_model

from apps.clinics import demo as clinics_demo
from apps.clinics.models import Clinic
from apps.education import demo as education_demo
from apps.education.models import Article, ArticleRevision, ArticleStatus, ReadingEvent, ReadingRule
from apps.education.services import reading_assign_for_event
from tests.support.sign_in import sign_in

REQUIRED_SUBJECTS = {
    "what-is-ketamine": ["anesthetic", "1970"],
    "how-ketamine-works": ["glutamate", "neuroplasticity"],
    "who-may-be-a-candidate": ["manic", "psychotic"],
    "steps-of-treatment": ["Consultation", "Maintenance"],
    "three-routes": ["IV", "IM", "lozenge"],
    "what-a-session-feels-like": ["dissociation"],
    "ketamine-assisted-therapy": ["Integration"],
    "side-effects-and-safety": ["nausea", "blood pressure"],
    "day-of-your-session": ["next day", "Do not drive"],
    "maintenance-and-boosters": ["booster"],
    "measuring-progress-phq9": ["PHQ-9", "27"],
    "costs-and-payment": ["insurance"],
    "crisis-resources": ['href="tel:988"', 'href="sms:988"', 'href="tel:911"'],
}


@pytest.fixture
def seeded(db):
    clinics_demo.seed()
    return education_demo.seed()


def test_every_page_parses_with_the_front_matter_the_loader_needs():
    pages = education_demo.library_pages()
    assert len(pages) >= 12
    stages = {choice for choice, _ in Article._meta.get_field("stage").choices}
    topics = {slug for slug, _, _ in education_demo.TOPICS}
    for page in pages:
        assert {"title", "slug", "summary", "stage", "topics", "tags", "assign_on"} <= set(page.meta)
        assert page.meta["stage"] in stages
        assert set(page.meta["topics"]) <= topics
        assert set(page.meta["assign_on"]) <= set(ReadingEvent.values)


def test_the_content_never_promises_a_cure():
    for page in education_demo.library_pages():
        text = " ".join(page.body.split())
        for match in re.finditer(r"\bcur(e|es|ed|ing)\b", text, re.IGNORECASE):
            assert text[max(0, match.start() - 6) : match.start()] == "not a ", (page.meta["slug"], match.group())


def test_the_seed_publishes_the_library_with_a_medical_review(seeded):
    articles = Article.objects.all()
    assert articles.count() >= 12
    assert set(articles.values_list("status", flat=True)) == {ArticleStatus.PUBLISHED}
    assert not articles.filter(medical_reviewer__isnull=True).exists()
    for slug, phrases in REQUIRED_SUBJECTS.items():
        html = articles.get(slug=slug).body_html
        for phrase in phrases:
            assert phrase in html, (slug, phrase)


def test_every_care_event_has_reading(seeded):
    assert set(ReadingRule.objects.values_list("event", flat=True)) == set(ReadingEvent.values)


def test_seeding_again_changes_nothing(seeded):
    counts = (Article.objects.count(), ArticleRevision.objects.count(), ReadingRule.objects.count())
    again = education_demo.seed()
    assert again == seeded
    assert (Article.objects.count(), ArticleRevision.objects.count(), ReadingRule.objects.count()) == counts


def test_an_edited_file_is_saved_as_a_new_revision(seeded, monkeypatch):
    original = education_demo.read_page

    def edited(path, position):
        page = original(path, position)
        if page.meta["slug"] != "costs-and-payment":
            return page
        return education_demo.Page(position=page.position, meta=page.meta, body=page.body + "\nA new line.\n")

    monkeypatch.setattr(education_demo, "read_page", edited)
    education_demo.seed()
    revisions = ArticleRevision.objects.filter(article__slug="costs-and-payment").order_by("number")
    assert [revision.number for revision in revisions] == [1, 2]
    assert revisions.last().body_markdown.endswith("A new line.\n")


def test_the_brooklyn_arrival_page_is_assigned_only_at_brooklyn(seeded):
    patients = get_user_model().objects
    maya = patients.get(email="maya.patient@example.com")
    jordan = patients.get(email="jordan.patient@example.com")
    at_brooklyn = reading_assign_for_event(
        patient=maya, event="first_dosing_booked", clinic=Clinic.objects.get(slug="brooklyn")
    )
    at_denver = reading_assign_for_event(
        patient=jordan, event="first_dosing_booked", clinic=Clinic.objects.get(slug="denver")
    )
    assert "arriving-at-evergreen-brooklyn" in {a.article.slug for a in at_brooklyn}
    assert {a.article.slug for a in at_brooklyn} - {a.article.slug for a in at_denver} == {
        "arriving-at-evergreen-brooklyn"
    }


def test_the_demo_editor_may_edit_the_library_in_the_admin_and_nothing_else(seeded, client):
    editor = get_user_model().objects.get(email=education_demo.EDITOR_EMAIL)
    sign_in(client, editor)
    assert client.get("/admin/education/article/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
