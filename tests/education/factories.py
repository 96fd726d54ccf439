from datetime import date

import factory

from apps.clinics.models import ProviderProfile
from apps.education.models import Article, ArticleStatus, ReadingRule, Tag, Topic, TreatmentStage
from apps.education.services import article_save
from tests.clinics.factories import OrganizationFactory, ProviderProfileFactory


def shared_reviewer() -> ProviderProfile:
    """One medical reviewer shared by every article of a test (a provider account costs queries)."""
    reviewer = ProviderProfile.objects.filter(display_name="Test Reviewer").first()
    return reviewer or ProviderProfileFactory(display_name="Test Reviewer", user__mfa=False)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """Saved through article_save, like every real article: rendered, indexed, with a revision.
    Pass ``topics=[...]`` / ``tags=[...]`` to set them."""

    class Meta:
        model = Article

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary for patients."
    body_markdown = "Plain words about **treatment**."
    stage = TreatmentStage.EXPLORING
    status = ArticleStatus.PUBLISHED
    medical_reviewer = factory.LazyFunction(shared_reviewer)
    reviewed_on = date(2026, 10, 1)

    @classmethod
    def _create(cls, model_class, *args, topics=None, tags=None, **kwargs):
        return article_save(article=model_class(*args, **kwargs), topics=topics, tags=tags)


class ReadingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingRule

    event = "consultation_booked"
    article = factory.SubFactory(ArticleFactory)
