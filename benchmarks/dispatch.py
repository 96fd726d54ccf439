"""Reminder dispatch through the real pipeline: N due e-mails in PostgreSQL, Celery beat claiming
them, a prefork worker sending over SMTP to a local server. Reports throughput and the lag of each
message behind its due time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python -m benchmarks.dispatch --messages 10000
"""

import argparse
import os
import statistics
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.reminders.models import Notification, Status  # noqa: E402
from tests.support.harness import CeleryProcesses, SMTPServer, wait_for  # noqa: E402

RECIPIENTS = 500


def seed(messages: int, due_at) -> None:
    with connection.cursor() as cursor:
        # Every run from an empty table and empty indexes: deleting the last run's rows left their dead
        # tuples and index pages behind (autovacuum is off on the shared machine), slowing each run more.
        cursor.execute("TRUNCATE reminders_notification")
    User.objects.filter(email__startswith="bench-").delete()
    users = User.objects.bulk_create(User(email=f"bench-{i}@example.com") for i in range(RECIPIENTS))
    Notification.objects.bulk_create(
        (
            Notification(
                recipient=users[i % RECIPIENTS],
                kind="appointment_reminder",
                channel="email",
                due_at=due_at,
                concerns_type="bench.batch",
                concerns_id=str(i),
                context={"when": "Monday 2 March 2026 at 10:00 AM MST"},
                idempotency_key=f"bench:{i}:{uuid.uuid4()}",
                message_id=f"<bench.{i}.{uuid.uuid4().hex}@{settings.NOTIFICATION_MESSAGE_DOMAIN}>",
            )
            for i in range(messages)
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reminders_notification, accounts_user")


def all_sent(celery: CeleryProcesses, smtp: SMTPServer, messages: int) -> bool:
    """Every message is sent. The database is asked only once the SMTP server has them all, so that
    waiting costs the machine nothing meanwhile. A Celery process that exited (an import error in the
    tree, say) ends the run at once with its log, instead of leaving it to wait out the timeout."""
    for index, process in enumerate(celery.started):
        if process.poll() is not None:
            log = (celery.log_dir / f"celery-{index}.log").read_text()
            raise SystemExit(f"celery exited with {process.returncode}:\n{log[-3000:]}")
    received = len(smtp.handler.message_ids)
    return received >= messages and not Notification.objects.exclude(status=Status.SENT).exists()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the benchmark measures the real engines.")

    call_command("migrate", verbosity=0)
    due_at = timezone.now() + timedelta(seconds=20)  # time for the processes to start
    seed(args.messages, due_at)
    db = connection.settings_dict
    with (
        SMTPServer() as smtp,
        tempfile.TemporaryDirectory() as logs,
        CeleryProcesses(
            database_url=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            broker_url=settings.REDIS_URL.rsplit("/", 1)[0] + "/13",
            smtp_port=smtp.port,
            log_dir=Path(logs),
            # As deployed: DEBUG off (cached templates, no query log).
            extra_env={"NOTIFICATION_DISPATCH_INTERVAL_SECONDS": "1", "DJANGO_DEBUG": "false"},
        ) as celery,
    ):
        celery.start("worker", "--concurrency", str(args.concurrency), "--loglevel", "WARNING")
        celery.start("beat", "--schedule", str(Path(logs) / "beat.db"), "--loglevel", "WARNING")
        wait_for(lambda: all_sent(celery, smtp, args.messages), timeout=1800, what="every message to be sent")
        received = len(smtp.handler.message_ids)
        last = max(smtp.handler.received_at)

    lags = [(sent - due).total_seconds() for due, sent in Notification.objects.values_list("due_at", "sent_at")]
    elapsed = last - due_at.timestamp()
    print(f"messages: {args.messages} (received {received}), worker concurrency {args.concurrency}")
    print(f"throughput: {args.messages / elapsed:.0f} messages/s over {elapsed:.1f} s from the due time")
    print(
        "lag behind due time (s): "
        f"p50 {statistics.median(lags):.1f}, p95 {percentile(lags, 0.95):.1f}, "
        f"p99 {percentile(lags, 0.99):.1f}, max {max(lags):.1f}"
    )


if __name__ == "__main__":
    main()
