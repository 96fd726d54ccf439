"""Failure drill: the broker (Redis, not persistent) restarts while reminders are being dispatched.
Whatever was queued in it is gone; the outbox rows are not, and their leases bring them back."""

from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from apps.reminders.models import Notification, Status
from apps.reminders.services import notification_schedule
from tests.accounts.factories import PatientFactory
from tests.support.harness import CeleryProcesses, RedisServer, SMTPServer, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_broker_restart_mid_dispatch_loses_no_reminder(tmp_path):
    now = timezone.now()
    for index in range(60):
        notification_schedule(
            recipient=PatientFactory(),
            kind="appointment_reminder",
            due_at=now,
            concerns=("drill.redis", str(index)),
            context={"when": "soon"},
        )
    expected = set(Notification.objects.filter(channel="email").values_list("message_id", flat=True))
    db = connection.settings_dict
    with (
        SMTPServer(pause=0.05) as smtp,
        RedisServer() as broker,
        CeleryProcesses(
            database_url=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            broker_url=broker.url,
            smtp_port=smtp.port,
            log_dir=tmp_path,
            extra_env={
                "NOTIFICATION_DISPATCH_INTERVAL_SECONDS": "1",
                "NOTIFICATION_CLAIM_LEASE_SECONDS": "6",
                "NOTIFICATION_BATCH_SIZE": "10",
            },
        ) as celery,
    ):
        celery.start("worker", "--pool", "solo", "--loglevel", "INFO")
        celery.start("beat", "--schedule", str(tmp_path / "beat.db"), "--loglevel", "INFO")
        wait_for(lambda: len(smtp.handler.message_ids) >= 8, 60, "a few messages before the restart")
        broker.restart(down_for=2)
        delivered_at_restart = len(smtp.handler.message_ids)
        wait_for(
            lambda: not Notification.objects.filter(channel="email").exclude(status=Status.SENT).exists(),
            120,
            "every message after the broker came back",
        )
        received = Counter(smtp.handler.message_ids)

    assert delivered_at_restart < len(expected), "the restart landed in the middle of the dispatch"
    assert set(received) == expected
    assert sum(count - 1 for count in received.values()) <= 1
