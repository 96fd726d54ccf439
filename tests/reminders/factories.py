import factory
from django.utils import timezone

from apps.reminders.models import Notification
from tests.accounts.factories import PatientFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(PatientFactory)
    kind = "appointment_reminder"
    channel = "email"
    due_at = factory.LazyFunction(timezone.now)
    context = factory.LazyFunction(lambda: {"when": "Monday 2 March 2026 at 10:00 AM MST", "path": "/appointments"})
    idempotency_key = factory.Sequence(lambda n: f"test-key-{n}")
    message_id = factory.Sequence(lambda n: f"<test-{n}@portal.localhost>")
