"""The outbox end to end on the real engines: Celery workers and beats as real processes, PostgreSQL,
Redis as the broker, and e-mail delivered over SMTP to a server this test runs (aiosmtpd)."""

from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.reminders.models import Notification, Status
from apps.reminders.services import notification_schedule
from tests.accounts.factories import PatientFactory
from tests.support.harness import CeleryProcesses, SMTPServer, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BROKER_DB = 14  # a Redis database of its own, emptied before each run


@pytest.fixture
def smtp():
    with SMTPServer(pause=0.05) as server:
        yield server


@pytest.fixture
def celery(smtp, tmp_path):
    db = connection.settings_dict
    with CeleryProcesses(
        database_url=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        broker_url=settings.REDIS_URL.rsplit("/", 1)[0] + f"/{BROKER_DB}",
        smtp_port=smtp.port,
        log_dir=tmp_path,
        extra_env={
            "NOTIFICATION_DISPATCH_INTERVAL_SECONDS": "1",
            "NOTIFICATION_CLAIM_LEASE_SECONDS": "6",
            "NOTIFICATION_BATCH_SIZE": "10",
        },
    ) as processes:
        yield processes


def _plan_due_messages(count: int) -> set[str]:
    now = timezone.now()
    for index in range(count):
        notification_schedule(
            recipient=PatientFactory(),
            kind="appointment_reminder",
            due_at=now,
            concerns=("test.batch", str(index)),
            context={"when": "soon"},
        )
    return set(Notification.objects.filter(channel="email").values_list("message_id", flat=True))


def test_a_killed_worker_and_a_second_beat_lose_nothing_and_duplicate_only_what_was_in_flight(smtp, celery):
    expected = _plan_due_messages(60)

    doomed = celery.start("worker", "--pool", "solo", "--hostname", "doomed@%h", "--loglevel", "INFO")
    celery.start("beat", "--schedule", str(celery.log_dir / "beat-a.db"), "--loglevel", "INFO")
    celery.start("beat", "--schedule", str(celery.log_dir / "beat-b.db"), "--loglevel", "INFO")
    wait_for(lambda: len(smtp.handler.message_ids) >= 8, 60, "the first worker to deliver a few messages")
    celery.kill(doomed)
    delivered_before_kill = len(smtp.handler.message_ids)

    celery.start("worker", "--pool", "solo", "--hostname", "survivor@%h", "--loglevel", "INFO")
    wait_for(
        lambda: not Notification.objects.exclude(status=Status.SENT).filter(channel="email").exists(),
        90,
        "every message to be sent",
    )

    received = Counter(smtp.handler.message_ids)
    assert set(received) == expected, "every planned message arrived"
    duplicates = sum(count - 1 for count in received.values())
    assert duplicates <= 1, f"only the message in flight at the kill may arrive twice, got {received.most_common(3)}"
    assert delivered_before_kill < len(expected), "the kill landed in the middle of the batch"
    assert not Notification.objects.filter(status=Status.FAILED).exists()
