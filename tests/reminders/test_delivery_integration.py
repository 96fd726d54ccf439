"""The outbox end to end on the real engines: Celery workers and beats as real processes, PostgreSQL,
Redis as the broker, and e-mail delivered over SMTP to a server this test runs (aiosmtpd)."""

import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.reminders.models import Notification, Status
from apps.reminders.services import notification_schedule
from tests.accounts.factories import PatientFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER_DB = 14  # a Redis database of its own, emptied before each run


class RecordingSMTPHandler:
    """Keeps every Message-ID received; a short pause per message lets a kill land mid-batch."""

    def __init__(self, pause: float):
        self.pause = pause
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        time.sleep(self.pause)
        message_id = message_from_bytes(envelope.content, policy=email.policy.default)["Message-ID"].strip()
        with self.lock:
            self.message_ids.append(message_id)
        return "250 OK"


@pytest.fixture
def smtp_server():
    handler = RecordingSMTPHandler(pause=0.05)
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def processes(smtp_server, tmp_path):
    """Start Celery processes against this test's database, a private broker and the SMTP server."""
    _, smtp_port = smtp_server
    broker_url = settings.REDIS_URL.rsplit("/", 1)[0] + f"/{BROKER_DB}"
    redis.Redis.from_url(broker_url).flushdb()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "NOTIFICATION_DISPATCH_INTERVAL_SECONDS": "1",
        "NOTIFICATION_CLAIM_LEASE_SECONDS": "6",
        "NOTIFICATION_BATCH_SIZE": "10",
    }
    started: list[subprocess.Popen] = []

    def start(*args):
        log = (tmp_path / f"celery-{len(started)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "celery_app", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


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


def test_a_killed_worker_and_a_second_beat_lose_nothing_and_duplicate_only_what_was_in_flight(smtp_server, processes):
    handler, _ = smtp_server
    expected = _plan_due_messages(60)

    doomed = processes("worker", "--pool", "solo", "--hostname", "doomed@%h", "--loglevel", "INFO")
    processes("beat", "--schedule", "beat-a.db", "--loglevel", "INFO")
    processes("beat", "--schedule", "beat-b.db", "--loglevel", "INFO")
    _wait_for(lambda: len(handler.message_ids) >= 8, 60, "the first worker to deliver a few messages")
    os.killpg(doomed.pid, signal.SIGKILL)
    delivered_before_kill = len(handler.message_ids)

    processes("worker", "--pool", "solo", "--hostname", "survivor@%h", "--loglevel", "INFO")
    _wait_for(
        lambda: not Notification.objects.exclude(status=Status.SENT).filter(channel="email").exists(),
        90,
        "every message to be sent",
    )

    received = Counter(handler.message_ids)
    assert set(received) == expected, "every planned message arrived"
    duplicates = sum(count - 1 for count in received.values())
    assert duplicates <= 1, f"only the message in flight at the kill may arrive twice, got {received.most_common(3)}"
    assert delivered_before_kill < len(expected), "the kill landed in the middle of the batch"
    assert not Notification.objects.filter(status=Status.FAILED).exists()
