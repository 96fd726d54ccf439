"""Editors use the Django admin; every save goes through article_save, and the preview shows the
sanitized HTML patients will get."""

import pytest

from apps.education.models import Article
from tests.accounts.factories import StaffUserFactory
from tests.clinics.factories import OrganizationFactory
from tests.education.factories import ArticleFactory, TagFactory, TopicFactory, shared_reviewer
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.user = StaffUserFactory(email="editor@example.com", is_staff=True, is_superuser=True)
    sign_in(client, client.user)
    return client


def inline_management(prefix):
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def test_adding_an_article_in_the_admin_renders_indexes_and_records_a_revision(admin_client):
    topic, tag = TopicFactory(), TagFactory()
    response = admin_client.post(
        "/admin/education/article/add/",
        {
            "organization": OrganizationFactory().pk,
            "title": "Before your first dose",
            "slug": "before-your-first-dose",
            "summary": "What to bring.",
            "stage": "before_first_dose",
            "topics": [topic.pk],
            "tags": [tag.pk],
            "body_markdown": "Bring **water**.\n\n<script>alert(1)</script>",
            "medical_reviewer": shared_reviewer().pk,
            "reviewed_on": "2026-11-01",
            "status": "published",
            **inline_management("reading_rules"),
            **inline_management("revisions"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="before-your-first-dose")
    assert article.body_html == "<p>Bring <strong>water</strong>.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    assert list(article.topics.all()) == [topic]
    assert list(article.tags.all()) == [tag]
    assert article.published_at is not None
    revision = article.revisions.get()
    assert (revision.number, revision.edited_by) == (1, admin_client.user)


def test_the_admin_refuses_to_publish_without_a_medical_review(admin_client):
    response = admin_client.post(
        "/admin/education/article/add/",
        {
            "organization": OrganizationFactory().pk,
            "title": "Unreviewed",
            "slug": "unreviewed",
            "summary": "s",
            "stage": "exploring",
            "body_markdown": "b",
            "status": "published",
            **inline_management("reading_rules"),
            **inline_management("revisions"),
        },
    )
    assert response.status_code == 200
    assert "A published article needs a medical reviewer." in response.content.decode()
    assert not Article.objects.exists()


def test_the_change_page_previews_the_sanitized_html(admin_client):
    article = ArticleFactory(body_markdown="## Safety\n\n[call](tel:988) <img src=x onerror=alert(1)>")
    page = admin_client.get(f"/admin/education/article/{article.pk}/change/").content.decode()
    assert '<div class="article-preview"><h2>Safety</h2>' in page
    assert '<a href="tel:988" rel="noopener noreferrer">call</a> &lt;img src=x onerror=alert(1)&gt;' in page
