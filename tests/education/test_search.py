"""Search through the API on whichever engine runs the suite (PostgreSQL full text + trigrams, or the
SQLite fallback), plus what only PostgreSQL does: weighted ranking and its GIN index."""

import pytest
from django.db import connection

from apps.education.models import Article, Tag
from apps.education.search import fallback_score, query_words, search_fallback
from apps.education.services import tag_save
from tests.education.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/education/articles"


@pytest.fixture
def library():
    ArticleFactory(
        slug="what-is-ketamine",
        title="What ketamine is",
        summary="A medicine first used as an anaesthetic.",
        body_markdown="Ketamine has been used in operating rooms since the 1970s.",
    )
    ArticleFactory(
        slug="side-effects",
        title="Side effects and safety",
        summary="What you may notice during and after a session.",
        body_markdown="Nausea and dizziness are common and pass within hours.",
        tags=[TagFactory(name="nausea", slug="nausea"), TagFactory(name="vomiting", slug="vomiting")],
    )
    ArticleFactory(
        slug="costs",
        title="Costs and payment",
        summary="How treatment is paid for.",
        body_markdown="Insurance rarely covers ketamine infusions for depression.",
    )
    ArticleFactory(
        slug="integration",
        title="Integration after a session",
        summary="Making sense of the experience with a therapist.",
        body_markdown="Journaling helps some people.",
    )


def search(client, text, **filters):
    response = client.get(ARTICLES, {"search": text, **filters})
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("ketamine", "what-is-ketamine"),
        ("ketamin", "what-is-ketamine"),
        ("side effects", "side-effects"),
        ("side efects", "side-effects"),
        ("integation", "integration"),
        ("insurance", "costs"),
        ("Costs", "costs"),
        ("vomiting", "side-effects"),
    ],
)
def test_the_right_article_comes_first_even_with_a_typo(patient_client, library, text, best):
    assert search(patient_client, text)[0] == best


def test_a_word_in_no_article_finds_nothing(patient_client, library):
    assert search(patient_client, "xylophone") == []


def test_search_combines_with_the_stage_filter(patient_client, library):
    Article.objects.filter(slug="costs").update(stage="before_consultation")
    assert search(patient_client, "ketamine", stage="before_consultation") == ["costs"]


@pytest.mark.parametrize("text", ["!!! ???", "the of and", "& | ! :* ( ' \" <->", "-", '"unclosed'])
def test_stop_words_and_query_syntax_find_nothing_without_error(patient_client, library, text):
    assert search(patient_client, text) == []


def test_a_nul_character_is_a_400_not_a_database_error(patient_client, library):
    response = patient_client.get(ARTICLES, {"search": "ket\x00amine"})
    assert response.status_code == 400
    assert "search" in response.json()["fields"]


def test_query_words_drop_stop_words_and_punctuation():
    assert query_words("What is KETAMINE, and how does it work?") == ["ketamine", "work"]


def test_fallback_scores_title_matches_above_summary_and_body_matches():
    article = {"title": "Side effects", "summary": "Nausea may happen", "body": "Rest afterwards", "tags": []}
    assert fallback_score(["effects"], **article) > fallback_score(["nausea"], **article)
    assert fallback_score(["nausea"], **article) > fallback_score(["rest"], **article)


def test_fallback_needs_every_word_but_forgives_small_typos_in_titles_and_tags():
    article = {"title": "Side effects", "summary": "", "body": "", "tags": ["dizziness"]}
    assert fallback_score(["efects"], **article) > 0
    assert fallback_score(["dizzyness"], **article) > 0
    assert fallback_score(["effects", "payment"], **article) == 0


def test_the_fallback_ranks_and_filters_on_any_engine(library):
    ranked = search_fallback(Article.objects.all(), "ketamine")
    assert [a.slug for a in ranked] == ["what-is-ketamine", "costs"]
    assert list(search_fallback(Article.objects.all(), "the")) == []


@pytest.mark.postgres
def test_postgres_ranks_a_title_match_above_a_summary_match_above_a_body_match(patient_client):
    ArticleFactory(slug="in-body", title="After a session", summary="Rest.", body_markdown="Nausea can happen.")
    ArticleFactory(slug="in-title", title="Nausea", summary="Rest.", body_markdown="It passes.")
    ArticleFactory(slug="in-summary", title="Feeling unwell", summary="Nausea, briefly.", body_markdown="It passes.")
    assert search(patient_client, "nausea") == ["in-title", "in-summary", "in-body"]


@pytest.mark.postgres
def test_postgres_stores_a_weighted_search_vector_served_by_a_gin_index(library):
    vector = Article.objects.values_list("search_vector", flat=True).get(slug="side-effects")
    assert "'side':1A" in vector
    assert "'nausea':" in vector and "C" in vector.split("'nausea':")[1].split()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'education_article'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gin (search_vector)" in definition for definition in definitions)


@pytest.mark.postgres
def test_postgres_stems_words_so_forms_of_a_word_match(patient_client, library):
    assert search(patient_client, "anaesthetics")[0] == "what-is-ketamine"
    assert "integration" in search(patient_client, "therapists")


@pytest.mark.postgres
def test_postgres_indexes_tag_names_again_when_a_tag_is_renamed(patient_client, library):
    tag = Tag.objects.get(slug="vomiting")
    tag.name = "emesis"
    tag_save(tag=tag)
    assert search(patient_client, "emesis") == ["side-effects"]
