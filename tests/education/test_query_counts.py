"""Exact query counts for the education list endpoints, the same for one row as for many.

Every signed-in API request costs the same fixed set first: the session and the user (the fixture's
earlier requests already stamped the session's activity time)."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.education.services import reading_assign_for_event
from tests.clinics.factories import ClinicPatientFactory
from tests.education.factories import ArticleFactory, ReadingRuleFactory, TagFactory, TopicFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

# The user (with the patient profile joined); the session is read from the cache.
SIGNED_IN_REQUEST = 1
# The SQLite fallback reads the candidate articles once to score them in Python.
SEARCH_SCORING = 0 if connection.vendor == "postgresql" else 1


@pytest.fixture(params=[1, 5], ids=["one-row", "five-rows"])
def library(request, clinic):
    """``n`` published articles with topics and tags, each bookmarked, assigned, and read by the patient."""
    patient = ClinicPatientFactory(clinic=clinic).patient
    client = APIClient()
    sign_in(client, patient)
    topics = [TopicFactory(slug="safety"), TopicFactory(slug="steps")]
    tags = [TagFactory(slug="driving"), TagFactory(slug="fasting")]
    for number in range(request.param):
        article = ArticleFactory(
            slug=f"article-{number}", title="Ketamine article", topics=topics, tags=tags, stage="before_first_dose"
        )
        ReadingRuleFactory(event="first_dosing_booked", article=article)
        client.put(f"/api/v1/education/bookmarks/{article.slug}")
        client.put(f"/api/v1/education/read-marks/{article.slug}")
    reading_assign_for_event(patient=patient, event="first_dosing_booked", clinic=clinic)
    return {"client": client, "patient": patient, "rows": request.param}


def get_counted(django_assert_num_queries, client, path, queries, rows=None):
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200, response.content
    if rows is not None:
        assert len(response.json()["results"]) == rows
    return response


def test_topics(library, django_assert_num_queries):
    # count, page
    get_counted(django_assert_num_queries, library["client"], "/api/v1/education/topics", SIGNED_IN_REQUEST + 2, 2)


@pytest.mark.parametrize("query", ["", "?stage=before_first_dose", "?topic=safety&tag=driving"])
def test_articles(library, django_assert_num_queries, query):
    # count, page (reviewer and clinic joined, read and bookmark state as subqueries), topics, tags
    get_counted(
        django_assert_num_queries,
        library["client"],
        f"/api/v1/education/articles{query}",
        SIGNED_IN_REQUEST + 4,
        library["rows"],
    )


def test_article_search(library, django_assert_num_queries):
    get_counted(
        django_assert_num_queries,
        library["client"],
        "/api/v1/education/articles?search=ketamine",
        SIGNED_IN_REQUEST + SEARCH_SCORING + 4,
        library["rows"],
    )


def test_article_detail(library, django_assert_num_queries):
    # access check, the article with the reader's state, topics, tags
    get_counted(
        django_assert_num_queries, library["client"], "/api/v1/education/articles/article-0", SIGNED_IN_REQUEST + 4
    )


def test_bookmarks(library, django_assert_num_queries):
    # audit, count, page, topics, tags
    get_counted(
        django_assert_num_queries,
        library["client"],
        "/api/v1/education/bookmarks",
        SIGNED_IN_REQUEST + 5,
        library["rows"],
    )


def test_assigned_reading(library, django_assert_num_queries):
    # audit, count, page (article joined, read state as a subquery)
    get_counted(
        django_assert_num_queries,
        library["client"],
        "/api/v1/education/assigned-reading",
        SIGNED_IN_REQUEST + 3,
        library["rows"],
    )


def test_progress(library, django_assert_num_queries):
    # audit, one aggregate
    response = get_counted(
        django_assert_num_queries, library["client"], "/api/v1/education/progress", SIGNED_IN_REQUEST + 2
    )
    assert response.json()["read"] == library["rows"]


def test_staff_view_of_a_patients_reading(library, clinic, staff_client_for, django_assert_num_queries):
    staff = staff_client_for(clinic)
    path = f"/api/v1/education/clinics/{clinic.slug}/patients/{library['patient'].pk}/reading"
    staff.get(path)  # the first request of a session also records its activity time
    # membership, MFA, clinic, patient, audit, first-dose preparation, progress, assignments
    response = get_counted(django_assert_num_queries, staff, path, SIGNED_IN_REQUEST + 8)
    assert len(response.json()["assignments"]) == library["rows"]
