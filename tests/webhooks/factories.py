import factory

from apps.webhooks.events import EventType
from apps.webhooks.models import WebhookEndpoint
from apps.webhooks.services import secret_new
from apps.webhooks.subscriptions import subscriptions_changed
from tests.clinics.factories import ClinicFactory


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    """Tells the subscription cache, as the services do: a test that books before and after making
    one must not read a stale map."""

    class Meta:
        model = WebhookEndpoint
        skip_postgeneration_save = True

    clinic = factory.SubFactory(ClinicFactory)
    url = "https://hooks.example.com/portal"
    description = "Our EHR"
    events = factory.LazyFunction(lambda: list(EventType.values))
    secret = factory.LazyFunction(secret_new)

    @factory.post_generation
    def subscriptions(self, create, extracted, **kwargs):
        if create:
            subscriptions_changed()
