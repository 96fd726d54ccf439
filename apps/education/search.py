"""Full-text search over the library, on whichever database the portal runs.

PostgreSQL: the stored ``search_vector`` (title A, summary and tags B, body C, English stemming, so "ketamin"
and "ketamine" share a lexeme) matched with ``websearch_to_tsquery`` and ranked with ``ts_rank``;
pg_trgm word similarity on the title and summary catches misspellings no stemmer can ("side efects").
Articles that contain the words come first, then those that only resemble them; within each, the
sum of rank and similarity orders them.

SQLite (development without PostgreSQL): every word of the query, less a few stop words, must
appear in the title, summary or body, or be close (difflib) to a word of the title or a tag name.
Matches in the title count most. It reads the candidate articles into Python, which is fine for a
library of tens of articles and is not meant for more.
"""

import difflib
import re
from collections import defaultdict

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

SEARCH_CONFIG = "english"
# pg_trgm's own default for word similarity is 0.6. At 0.55 a slip of a letter or two ("side efects",
# "integation", "phq9") still matches, while words that share only an ending ("parking" and
# "working", at 0.5) do not.
TRIGRAM_THRESHOLD = 0.55
FUZZY_CUTOFF = 0.8
# Words too common to narrow a search; the fallback requires every other word to match.
STOP_WORDS = frozenset(
    "a an and are be can do does for how i in is it my of on or the to what when who will with".split()  # noqa: SIM905
)
_WORD = re.compile(r"\w+")


def search_articles(articles: QuerySet, text: str) -> QuerySet:
    """``articles`` narrowed to those matching ``text``, best match first."""
    if connection.vendor == "postgresql":
        return search_postgres(articles, text)
    return search_fallback(articles, text)


def search_vector_expression(tag_names: list[str]):
    """What ``search_vector`` holds: the title (A), the summary and tag names (B), the body (C).
    article_save stores it with an UPDATE on PostgreSQL."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", Value(" ".join(tag_names)), weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_markdown", weight="C", config=SEARCH_CONFIG)
    )


def search_postgres(articles: QuerySet, text: str) -> QuerySet:
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # Trigrams compare the meaningful words only: "the of and" resembles every English sentence.
    fuzzy_text = " ".join(query_words(text))
    similarity = (
        Greatest(TrigramWordSimilarity(fuzzy_text, "title"), TrigramWordSimilarity(fuzzy_text, "summary"))
        if fuzzy_text
        else Value(0.0)
    )
    return (
        articles.annotate(
            matches_words=ExpressionWrapper(Q(search_vector=query), output_field=BooleanField()),
            rank=SearchRank(F("search_vector"), query),
            similarity=similarity,
        )
        .filter(Q(matches_words=True) | Q(similarity__gte=TRIGRAM_THRESHOLD))
        # An article that contains the words beats one that only looks like them.
        .order_by(F("matches_words").desc(), (F("rank") + F("similarity")).desc(), "title")
    )


def search_fallback(articles: QuerySet, text: str) -> QuerySet:
    words = query_words(text)
    if not words:
        return articles.none()
    documents: dict = {}
    tags = defaultdict(list)
    for pk, title, summary, body, tag_name in articles.values_list(
        "pk", "title", "summary", "body_markdown", "tags__name"
    ):
        documents[pk] = (title, summary, body)
        if tag_name:
            tags[pk].append(tag_name)
    scored = []
    for pk, (title, summary, body) in documents.items():
        score = fallback_score(words, title=title, summary=summary, body=body, tags=tags[pk])
        if score:
            scored.append((-score, title, pk))
    ranked = [pk for _, _, pk in sorted(scored)]
    if not ranked:
        return articles.none()
    order = Case(*(When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked)))
    return articles.filter(pk__in=ranked).order_by(order)


def query_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def fallback_score(words: list[str], *, title: str, summary: str, body: str, tags: list[str]) -> int:
    """How well one article matches; 0 when some word matches nowhere."""
    title, summary, body = title.lower(), summary.lower(), body.lower()
    vocabulary = set(_WORD.findall(title)).union(*(_WORD.findall(tag.lower()) for tag in tags))
    score = 0
    for word in words:
        if word in title:
            score += 4
        elif difflib.get_close_matches(word, vocabulary, n=1, cutoff=FUZZY_CUTOFF):
            score += 3
        elif word in summary:
            score += 2
        elif word in body:
            score += 1
        else:
            return 0
    return score
