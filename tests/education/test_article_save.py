from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.education.models import Article, ArticleStatus
from apps.education.services import article_save
from tests.accounts.factories import StaffUserFactory
from tests.clinics.factories import ClinicFactory, OrganizationFactory
from tests.education.factories import ArticleFactory, TagFactory, TopicFactory, shared_reviewer

pytestmark = pytest.mark.django_db


def test_saving_renders_sanitized_html_and_counts_reading_time():
    article = ArticleFactory(body_markdown="## Hello\n\n<script>alert(1)</script>\n\n" + "word " * 450)
    article.refresh_from_db()
    assert article.body_html.startswith("<h2>Hello</h2>")
    assert "<script" not in article.body_html
    assert "&lt;script&gt;" in article.body_html
    assert article.reading_minutes == 3


def test_every_save_is_a_numbered_revision_with_its_editor():
    editor = StaffUserFactory(mfa=False)
    article = ArticleFactory(title="First title", status=ArticleStatus.DRAFT)
    article.title = "Second title"
    article.status = ArticleStatus.IN_REVIEW
    article_save(article=article, edited_by=editor)
    revisions = list(article.revisions.order_by("number").values_list("number", "title", "status", "edited_by"))
    assert revisions == [(1, "First title", "draft", None), (2, "Second title", "in_review", editor.pk)]


def test_publication_time_is_kept_from_the_first_publication():
    with time_machine.travel("2026-11-02 15:00Z", tick=False):
        article = ArticleFactory(status=ArticleStatus.PUBLISHED)
    first = article.published_at
    with time_machine.travel("2026-11-20 15:00Z", tick=False):
        article.summary = "Corrected summary."
        article_save(article=article)
    assert article.published_at == first
    assert first.isoformat() == "2026-11-02T15:00:00+00:00"


def test_a_draft_is_not_published_until_its_status_says_so():
    article = ArticleFactory(status=ArticleStatus.DRAFT, medical_reviewer=None, reviewed_on=None)
    assert article.published_at is None


def test_topics_and_tags_are_replaced_when_given_and_kept_otherwise():
    first, second = TopicFactory(), TopicFactory()
    tag = TagFactory()
    article = ArticleFactory(topics=[first], tags=[tag])
    article_save(article=article, topics=[second])
    assert list(article.topics.all()) == [second]
    assert list(article.tags.all()) == [tag]


def test_publishing_without_a_medical_review_is_refused():
    article = ArticleFactory.build(status=ArticleStatus.PUBLISHED, medical_reviewer=None, reviewed_on=None)
    article.organization.save()
    with pytest.raises(ValidationError) as refused:
        article_save(article=article)
    assert set(refused.value.message_dict) >= {"medical_reviewer", "reviewed_on"}
    assert not Article.objects.exists()


def test_the_database_itself_refuses_a_published_article_without_review():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            organization=OrganizationFactory(),
            title="Unreviewed",
            slug="unreviewed",
            summary="s",
            body_markdown="b",
            stage="exploring",
            status=ArticleStatus.PUBLISHED,
        )


def test_a_clinic_specific_article_must_belong_to_the_clinics_organization():
    foreign_clinic = ClinicFactory(organization=OrganizationFactory(slug="elsewhere", name="Elsewhere"))
    article = Article(
        organization=OrganizationFactory(),
        clinic=foreign_clinic,
        title="Parking",
        slug="parking",
        summary="Where to park.",
        body_markdown="Round the back.",
        stage="before_first_dose",
        status=ArticleStatus.PUBLISHED,
        medical_reviewer=shared_reviewer(),
        reviewed_on=date(2026, 10, 1),
    )
    with pytest.raises(ValidationError) as refused:
        article_save(article=article)
    assert "clinic" in refused.value.message_dict
