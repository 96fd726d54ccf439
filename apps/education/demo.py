"""The demo library: the articles in content/ (Markdown with YAML front matter), their topics, the
reading rules for each care event, and a "Library editors" group for the Django admin.

Safe to run again: an article whose file has not changed is left alone (no new revision); a changed
file is saved through article_save, which records a revision. The demo names the demo provider as
medical reviewer; real content must be reviewed by a real clinician before a clinic publishes it."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from django.contrib.auth.models import Group, Permission
from django.utils.text import slugify

from apps.accounts.demo import demo_user
from apps.clinics.models import Clinic, Organization, ProviderProfile

from .models import Article, ArticleStatus, ReadingRule, Tag, Topic
from .services import article_save

CONTENT_DIR = Path(__file__).resolve().parent / "content"
ORGANIZATION_SLUG = "evergreen"
REVIEWER_EMAIL = "dr.rivera@example.com"
REVIEWED_ON = date(2026, 11, 2)
EDITOR_EMAIL = "org.admin@example.com"
EDITORS_GROUP = "Library editors"

TOPICS = [
    ("getting-help", "Getting help now", "Crisis lines and what to do if you feel unsafe."),
    ("understanding-ketamine", "Understanding ketamine", "What the medicine is and how it is thought to work."),
    ("is-it-right-for-me", "Is it right for me?", "Who may benefit, and when ketamine is not suitable."),
    ("your-treatment", "Your treatment, step by step", "From intake to maintenance, and tracking progress."),
    ("sessions", "Sessions", "The ways ketamine is given, what it feels like, and the day itself."),
    ("safety", "Safety and side effects", "What to expect, and how the team keeps you safe."),
    ("after-a-session", "After a session", "Integration and making sense of the experience."),
    ("staying-well", "Staying well", "Boosters, maintenance and noticing early warning signs."),
    ("practical-matters", "Practical matters", "Costs, payment and getting to the clinic."),
]


@dataclass(frozen=True)
class Page:
    """One article file: its front matter and its Markdown body."""

    position: int
    meta: dict
    body: str


def read_page(path: Path, position: int) -> Page:
    text = path.read_text(encoding="utf-8")
    _, front_matter, body = text.split("---\n", 2)
    return Page(position=position, meta=yaml.safe_load(front_matter), body=body.strip() + "\n")


def library_pages() -> list[Page]:
    return [read_page(path, position) for position, path in enumerate(sorted(CONTENT_DIR.glob("*.md")))]


def seed() -> list[tuple[str, str]]:
    organization = Organization.objects.get(slug=ORGANIZATION_SLUG)
    reviewer = ProviderProfile.objects.get(user__email=REVIEWER_EMAIL)
    topics = {
        slug: Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )[0]
        for position, (slug, name, description) in enumerate(TOPICS)
    }
    for page in library_pages():
        article = _seed_article(page, organization=organization, reviewer=reviewer, topics=topics)
        for event in page.meta["assign_on"]:
            ReadingRule.objects.update_or_create(
                event=event,
                article=article,
                clinic=article.clinic,
                defaults={"position": page.position, "is_active": True},
            )
    return [(_seed_editor().email, f"also edits the education library at /admin/ ({EDITORS_GROUP})")]


def _seed_article(page: Page, *, organization, reviewer, topics) -> Article:
    meta = page.meta
    clinic = Clinic.objects.get(slug=meta["clinic"]) if meta.get("clinic") else None
    wanted = {
        "organization": organization,
        "clinic": clinic,
        "title": meta["title"],
        "summary": meta["summary"],
        "body_markdown": page.body,
        "stage": meta["stage"],
        "status": ArticleStatus.PUBLISHED,
        "medical_reviewer": reviewer,
        "reviewed_on": REVIEWED_ON,
    }
    wanted_topics = [topics[slug] for slug in meta["topics"]]
    wanted_tags = [
        Tag.objects.get_or_create(slug=slugify(str(name)), defaults={"name": str(name)})[0] for name in meta["tags"]
    ]
    article = Article.objects.filter(slug=meta["slug"]).first()
    if article is not None and _unchanged(article, wanted, wanted_topics, wanted_tags):
        return article
    article = article or Article(slug=meta["slug"])
    for field, value in wanted.items():
        setattr(article, field, value)
    return article_save(article=article, topics=wanted_topics, tags=wanted_tags)


def _unchanged(article: Article, wanted: dict, topics: list[Topic], tags: list[Tag]) -> bool:
    return (
        all(getattr(article, field) == value for field, value in wanted.items())
        and set(article.topics.all()) == set(topics)
        and set(article.tags.all()) == set(tags)
    )


def _seed_editor():
    """The organization admin doubles as the demo's library editor in the Django admin."""
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.set(
        Permission.objects.filter(content_type__app_label="education").filter(
            codename__in=[
                f"{action}_{model}"
                for model in ("article", "topic", "tag", "readingrule")
                for action in ("add", "change", "view")
            ]
            + ["view_articlerevision"]
        )
    )
    editor = demo_user(EDITOR_EMAIL)
    if not editor.is_staff:
        editor.is_staff = True
        editor.save(update_fields=["is_staff"])
    editor.groups.add(editors)
    return editor
