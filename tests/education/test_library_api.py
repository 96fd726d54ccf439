"""The library as patients see it: published articles only, scoped to their organization and clinic,
browsable by topic, stage and tag."""

import pytest
from rest_framework.test import APIClient

from apps.education.models import ArticleStatus
from apps.education.services import article_save
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, OrganizationFactory
from tests.education.factories import ArticleFactory, TagFactory, TopicFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/education/articles"


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def clinic_patient_client(clinic):
    patient = ClinicPatientFactory(clinic=clinic).patient
    client = APIClient()
    sign_in(client, patient)
    client.user = patient
    return client


@pytest.mark.parametrize("status", [ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW])
def test_unpublished_articles_are_invisible_in_list_detail_and_search(patient_client, status):
    ArticleFactory(slug="published", title="Ketamine sessions")
    ArticleFactory(slug="hidden", title="Ketamine sessions revised", status=status, medical_reviewer=None)
    assert slugs(patient_client.get(ARTICLES)) == ["published"]
    assert slugs(patient_client.get(ARTICLES, {"search": "ketamine"})) == ["published"]
    assert slugs(patient_client.get(ARTICLES, {"search": "revised"})) == []
    response = patient_client.get(f"{ARTICLES}/hidden")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No such article."}


def test_an_article_taken_back_to_draft_disappears(patient_client):
    article = ArticleFactory(slug="withdrawn")
    assert patient_client.get(f"{ARTICLES}/withdrawn").status_code == 200
    article.status = ArticleStatus.DRAFT
    article_save(article=article)
    assert patient_client.get(f"{ARTICLES}/withdrawn").status_code == 404


def test_the_detail_page_carries_sanitized_html_and_its_medical_review(patient_client):
    ArticleFactory(
        slug="safety", body_markdown="Call [988](tel:988).\n\n<img src=x onerror=alert(1)>", reviewed_on="2026-09-30"
    )
    body = patient_client.get(f"{ARTICLES}/safety").json()
    assert body["body_html"] == (
        '<p>Call <a href="tel:988" rel="noopener noreferrer">988</a>.</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n'
    )
    assert body["medical_reviewer"] == {"display_name": "Test Reviewer", "credentials": "MD"}
    assert body["reviewed_on"] == "2026-09-30"
    assert body["read_at"] is None
    assert body["bookmarked_at"] is None
    assert "body_markdown" not in body


def test_clinic_specific_articles_reach_only_that_clinics_patients(clinic, clinic_patient_client):
    ArticleFactory(slug="general")
    ArticleFactory(slug="parking-here", clinic=clinic)
    ArticleFactory(slug="parking-there", clinic=ClinicFactory())
    assert slugs(clinic_patient_client.get(ARTICLES)) == ["general", "parking-here"]
    assert clinic_patient_client.get(f"{ARTICLES}/parking-there").status_code == 404

    newcomer = APIClient()
    sign_in(newcomer, PatientFactory())
    assert slugs(newcomer.get(ARTICLES)) == ["general"]


def test_patients_read_their_own_organizations_library(clinic, clinic_patient_client):
    ArticleFactory(slug="ours")
    ArticleFactory(slug="theirs", organization=OrganizationFactory(slug="other-network", name="Other network"))
    assert slugs(clinic_patient_client.get(ARTICLES)) == ["ours"]
    assert clinic_patient_client.get(f"{ARTICLES}/theirs").status_code == 404


def test_browsing_by_topic_stage_and_tag(patient_client):
    safety, steps = TopicFactory(slug="safety"), TopicFactory(slug="steps")
    driving = TagFactory(slug="driving")
    ArticleFactory(slug="day-of-session", stage="before_first_dose", topics=[safety, steps], tags=[driving])
    ArticleFactory(slug="side-effects", stage="before_first_dose", topics=[safety])
    ArticleFactory(slug="what-is-ketamine", stage="exploring", topics=[steps])
    assert slugs(patient_client.get(ARTICLES, {"topic": "safety"})) == ["day-of-session", "side-effects"]
    assert slugs(patient_client.get(ARTICLES, {"stage": "exploring"})) == ["what-is-ketamine"]
    assert slugs(patient_client.get(ARTICLES, {"topic": "steps", "stage": "before_first_dose"})) == ["day-of-session"]
    assert slugs(patient_client.get(ARTICLES, {"tag": "driving"})) == ["day-of-session"]
    assert slugs(patient_client.get(ARTICLES, {"topic": "no-such-topic"})) == []


def test_the_library_is_listed_in_the_order_of_treatment(patient_client):
    ArticleFactory(slug="boosters", title="A booster", stage="maintenance")
    ArticleFactory(slug="intro", title="Zed: what ketamine is", stage="exploring")
    ArticleFactory(slug="first-dose", title="Before your first dose", stage="before_first_dose")
    assert slugs(patient_client.get(ARTICLES)) == ["intro", "first-dose", "boosters"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"stage": "halfway"}, "stage"), ({"topic": "not a slug!"}, "topic"), ({"search": "x" * 201}, "search")],
)
def test_bad_filters_are_400_with_the_field(patient_client, params, field):
    response = patient_client.get(ARTICLES, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]


def test_topics_are_listed_in_their_editorial_order(patient_client):
    TopicFactory(slug="later", name="A later topic", position=2)
    TopicFactory(slug="first", name="Z first topic", position=1)
    response = patient_client.get("/api/v1/education/topics")
    assert [row["slug"] for row in response.json()["results"]] == ["first", "later"]


def test_the_library_needs_a_signed_in_user(api_client):
    ArticleFactory(slug="intro")
    for path in (ARTICLES, f"{ARTICLES}/intro", "/api/v1/education/topics"):
        response = api_client.get(path)
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"


def test_the_api_is_read_only_for_articles(patient_client):
    ArticleFactory(slug="intro")
    assert patient_client.post(ARTICLES, {"title": "mine"}, format="json").status_code == 405
    assert patient_client.put(f"{ARTICLES}/intro", {"title": "mine"}, format="json").status_code == 405
    assert patient_client.delete(f"{ARTICLES}/intro").status_code == 405


def test_the_schema_documents_the_education_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/education/articles/{slug}", "/api/v1/education/assigned-reading", "/reading"):
        assert path in schema
