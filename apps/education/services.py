"""Writes: saving articles (with their rendered body, search index and revision), assigning reading
when something happens in a patient's care, and each patient's read marks and bookmarks."""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.models import Clinic
from apps.core.clock import now
from apps.core.exceptions import ApplicationError

from .models import (
    Article,
    ArticleRead,
    ArticleRevision,
    ArticleStatus,
    Bookmark,
    ReadingAssignment,
    ReadingEvent,
    Tag,
    Topic,
)
from .rendering import markdown_to_safe_html, reading_minutes
from .search import search_vector_expression
from .selectors import articles_for_event


class UnknownReadingEvent(ApplicationError):
    code = "unknown_reading_event"
    default_message = "That is not an event the library assigns reading for."


@transaction.atomic
def article_save(
    *,
    article: Article,
    topics: Iterable[Topic] | None = None,
    tags: Iterable[Tag] | None = None,
    edited_by=None,
) -> Article:
    """Create or update ``article``: render and sanitize its body, count its reading time, index it
    for search and keep this version as a revision. ``topics`` / ``tags`` replace the current ones
    when given."""
    article.body_html = markdown_to_safe_html(article.body_markdown)
    article.reading_minutes = reading_minutes(article.body_markdown)
    if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = now()
    article.full_clean()
    article.save()
    if topics is not None:
        article.topics.set(topics)
    if tags is not None:
        article.tags.set(tags)
    _search_index_refresh(article)
    _revision_record(article=article, edited_by=edited_by)
    return article


@transaction.atomic
def tag_save(*, tag: Tag) -> Tag:
    """Save a tag; its articles are indexed again, since tag names are part of what search finds."""
    tag.full_clean()
    tag.save()
    for article in tag.articles.all():
        _search_index_refresh(article)
    return tag


def _search_index_refresh(article: Article) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite searches the text itself (search.search_fallback)
    tag_names = list(article.tags.values_list("name", flat=True))
    Article.objects.filter(pk=article.pk).update(search_vector=search_vector_expression(tag_names))


def _revision_record(*, article: Article, edited_by) -> ArticleRevision:
    # The row lock makes two editors saving at once take consecutive numbers instead of colliding.
    Article.objects.select_for_update().filter(pk=article.pk).first()
    last = article.revisions.aggregate(last=Max("number"))["last"] or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        summary=article.summary,
        body_markdown=article.body_markdown,
        stage=article.stage,
        status=article.status,
        edited_by=edited_by,
    )


@transaction.atomic(savepoint=False)  # inside the caller's transaction: it succeeds or fails with it
def reading_assign_for_event(
    *, patient, event: str, clinic: Clinic, due_at: datetime | None = None
) -> list[ReadingAssignment]:
    """The hook other apps call when ``event`` happens to ``patient`` at ``clinic`` (booking: a
    consultation or first dosing booked; care: intake submitted, a session completed, maintenance
    started). ``due_at`` is the appointment the reading prepares for, if there is one.

    Safe to call again, even concurrently: an article is assigned to a patient once. A repeated
    event moves an assignment's due time to ``due_at`` when that appointment is sooner, or when
    the old one has passed or was never set. Returns the patient's assignments for the event.

    Call it once the patient is linked to ``clinic`` (ClinicPatient): the patient's list shows only
    articles they may read, and those are their own clinics' and organizations'."""
    if event not in ReadingEvent.values:
        raise UnknownReadingEvent(fields={"event": [f"Expected one of: {', '.join(ReadingEvent.values)}."]})
    if due_at is not None and timezone.is_naive(due_at):
        raise ValueError("due_at must be an aware datetime.")
    article_ids = list(articles_for_event(event, clinic).values_list("pk", flat=True))
    assigned_at = now()
    ReadingAssignment.objects.bulk_create(
        [
            ReadingAssignment(
                patient=patient, article_id=pk, clinic=clinic, event=event, assigned_at=assigned_at, due_at=due_at
            )
            for pk in article_ids
        ],
        ignore_conflicts=True,
    )
    assignments = ReadingAssignment.objects.filter(patient=patient, article_id__in=article_ids)
    if due_at is not None:
        assignments.filter(Q(due_at__isnull=True) | Q(due_at__lt=assigned_at) | Q(due_at__gt=due_at)).update(
            due_at=due_at
        )
    return list(assignments.select_related("article").order_by("article__title"))


def read_mark_create(*, actor, patient, article: Article) -> ArticleRead:
    return _reader_mark_create(ArticleRead, "read_at", actor=actor, patient=patient, article=article)


def read_mark_delete(*, actor, patient, article: Article) -> None:
    _reader_mark_delete(ArticleRead, actor=actor, patient=patient, article=article)


def bookmark_create(*, actor, patient, article: Article) -> Bookmark:
    return _reader_mark_create(Bookmark, "created_at", actor=actor, patient=patient, article=article)


def bookmark_delete(*, actor, patient, article: Article) -> None:
    _reader_mark_delete(Bookmark, actor=actor, patient=patient, article=article)


@transaction.atomic
def _reader_mark_create(model, timestamp_field: str, *, actor, patient, article: Article):
    """Idempotent: marking twice keeps the first mark and its time."""
    mark, created = model.objects.get_or_create(patient=patient, article=article, defaults={timestamp_field: now()})
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=mark, patient=patient)
    return mark


@transaction.atomic
def _reader_mark_delete(model, *, actor, patient, article: Article) -> None:
    """Idempotent: removing a mark that is not there changes nothing."""
    mark = model.objects.filter(patient=patient, article=article).first()
    if mark is None:
        return
    audit_record(actor=actor, action=AuditAction.DELETE, obj=mark, patient=patient)
    mark.delete()
