"""The only way to load an article a reader asked for by slug: a draft, an article under review, or
another clinic's page answers 404, exactly like a slug that does not exist."""

from apps.core.exceptions import NotFound

from .models import Article
from .selectors import articles_visible_to


def access_article_for_reader(user, slug: str) -> Article:
    article = articles_visible_to(user).filter(slug=slug).first()
    if article is None:
        raise NotFound("No such article.")
    return article
