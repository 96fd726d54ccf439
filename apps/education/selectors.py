"""Reads of the library and of each patient's reading."""

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When

from apps.clinics.models import Clinic, ClinicPatient

from .models import (
    Article,
    ArticleRead,
    ArticleStatus,
    Bookmark,
    ReadingAssignment,
    ReadingEvent,
    ReadingRule,
    Topic,
    TreatmentStage,
)
from .search import search_articles

STAGE_ORDER = Case(*(When(stage=stage, then=Value(index)) for index, stage in enumerate(TreatmentStage.values)))


def articles_visible_to(user) -> QuerySet[Article]:
    """Published articles ``user`` may read: their organizations' general articles and their own
    clinics' specific ones. Someone linked to no clinic yet (still exploring) reads every general
    article."""
    clinic_links = ClinicPatient.objects.filter(patient=user)
    their_organizations = Clinic.objects.filter(patient_links__patient=user).values("organization")
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).filter(
        Q(clinic__isnull=True, organization__in=their_organizations)
        | (Q(clinic__isnull=True) & ~Exists(clinic_links))
        | Q(clinic__in=clinic_links.values("clinic"))
    )


def _read_at(patient, article_ref: str) -> Subquery:
    return Subquery(ArticleRead.objects.filter(patient=patient, article=OuterRef(article_ref)).values("read_at")[:1])


def _bookmarked_at(patient) -> Subquery:
    return Subquery(Bookmark.objects.filter(patient=patient, article=OuterRef("pk")).values("created_at")[:1])


def _for_reader(articles: QuerySet[Article], user) -> QuerySet[Article]:
    """Everything a list or page of articles shows, in a fixed number of queries."""
    return (
        articles.annotate(read_at=_read_at(user, "pk"), bookmarked_at=_bookmarked_at(user))
        .select_related("medical_reviewer", "clinic")
        .prefetch_related("topics", "tags")
    )


def articles_for_reader(user, *, topic: str = "", stage: str = "", tag: str = "", search: str = "") -> QuerySet:
    articles = articles_visible_to(user)
    if topic:
        articles = articles.filter(topics__slug=topic)
    if tag:
        articles = articles.filter(tags__slug=tag)
    if stage:
        articles = articles.filter(stage=stage)
    articles = _for_reader(articles, user)
    if search:
        return search_articles(articles, search)
    return articles.order_by(STAGE_ORDER, "title")


def article_for_reader(user, article: Article) -> Article:
    """``article`` (reached through access_article_for_reader) with the reader's own state."""
    return _for_reader(Article.objects.filter(pk=article.pk), user).get()


def topics_list() -> QuerySet[Topic]:
    return Topic.objects.all()


def bookmarked_articles(patient) -> QuerySet[Article]:
    """The patient's bookmarks that are still published for them, newest first."""
    return (
        _for_reader(articles_visible_to(patient), patient)
        .filter(bookmarked_at__isnull=False)
        .order_by("-bookmarked_at", "title")
    )


def assigned_reading(patient, *, clinic: Clinic | None = None) -> QuerySet[ReadingAssignment]:
    """What the patient was asked to read: unread first, the soonest appointment first, then in
    the order it was assigned. Articles taken back to draft drop out. ``clinic`` narrows it to the
    assignments made at one clinic (what that clinic's staff may see)."""
    assignments = ReadingAssignment.objects.filter(patient=patient, article__in=articles_visible_to(patient))
    if clinic is not None:
        assignments = assignments.filter(clinic=clinic)
    return (
        assignments.annotate(read_at=_read_at(patient, "article"))
        .select_related("article")
        .order_by(
            Case(When(read_at__isnull=True, then=Value(0)), default=Value(1)),
            F("due_at").asc(nulls_last=True),
            "assigned_at",
            "article__title",
        )
    )


def reading_progress(patient, *, clinic: Clinic | None = None) -> dict:
    """How far the patient is through their assigned reading, in one query."""
    assignments = ReadingAssignment.objects.filter(patient=patient, article__in=articles_visible_to(patient))
    if clinic is not None:
        assignments = assignments.filter(clinic=clinic)
    counts = assignments.aggregate(
        assigned=Count("pk"),
        read=Count("pk", filter=Exists(ArticleRead.objects.filter(patient=patient, article=OuterRef("article")))),
    )
    return {**counts, "unread": counts["assigned"] - counts["read"]}


def articles_for_event(event: str, clinic: Clinic) -> QuerySet[Article]:
    """The published articles that active rules assign when ``event`` happens at ``clinic``."""
    rules = ReadingRule.objects.filter(event=event, is_active=True).filter(Q(clinic__isnull=True) | Q(clinic=clinic))
    return Article.objects.filter(
        Q(clinic__isnull=True) | Q(clinic=clinic),
        status=ArticleStatus.PUBLISHED,
        organization=clinic.organization_id,
        pk__in=rules.values("article"),
    )


def first_dose_preparation(patient, clinic: Clinic) -> QuerySet[Article]:
    """What ``clinic`` asks every patient to read before a first dose (the rules for
    ``first_dosing_booked``), each with when this patient read it, if they did."""
    return (
        articles_for_event(ReadingEvent.FIRST_DOSING_BOOKED, clinic)
        .annotate(read_at=_read_at(patient, "pk"))
        .order_by(STAGE_ORDER, "title")
    )


def patient_reading_overview(patient, clinic: Clinic) -> dict:
    """What ``clinic``'s staff see of a patient's reading: only what that clinic assigned (another
    clinic's assignments would tell them where else the patient is treated)."""
    preparation = list(first_dose_preparation(patient, clinic))
    return {
        "patient_id": patient.pk,
        "progress": reading_progress(patient, clinic=clinic),
        "first_dose_preparation": {
            "complete": bool(preparation) and all(article.read_at for article in preparation),
            "articles": preparation,
        },
        "assignments": list(assigned_reading(patient, clinic=clinic)),
    }
