"""Drill: several nodes on one database and one private Redis stay exactly-once. Two gunicorn servers,
two Celery workers and two Celery beats run as real processes against the test database.

Bookings: concurrent requests for one free time, spread over both web nodes, make one appointment; the
others answer 409 ``slot_taken``, or, under the winner's own Idempotency-Key, the same appointment
(201, ``Idempotent-Replayed``); never a 500. Reminders: what the bookings planned and a backlog of other
messages, all due now, are claimed on both beats' schedules and sent by both workers: every planned
e-mail reaches the SMTP server exactly once and every outbox row ends sent.

The processes run on the real clock, so the scene is built relative to now and always bookable: a UTC
clinic (no daylight-saving change) whose provider works 13:00-18:00 every day, booked the day after
tomorrow, well within the notice and the horizon, with both reminders (a day and two hours ahead)
still in the future when it is booked."""

import asyncio
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pytest
import requests
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from apps.booking.models import Appointment
from apps.booking.notifications import CONCERNS_TYPE as APPOINTMENT_MESSAGES
from apps.reminders.kinds import Channel
from apps.reminders.models import Notification, Status
from apps.reminders.services import notification_schedule
from tests.accounts.factories import PASSWORD, PatientFactory
from tests.booking.factories import ServiceTypeFactory, every_day_hours
from tests.care.factories import publish_consents, ready_for_consultation
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderLicenseFactory, ProviderProfileFactory
from tests.support.harness import CeleryProcesses, RecordingSMTPHandler, RedisServer, SMTPServer, WebServers, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

AUTH = "/_allauth/browser/v1"
RIVALS = 10  # patients who each ask once for the contested time: half without a key, half with their own
# Two more patients each send this many requests under one key of their own: one for the contested time,
# one for a time nobody else asks for.
RETRIES = 4
EXTRA_MESSAGES_PER_PATIENT = 4
FINAL = (Status.SENT, Status.FAILED, Status.CANCELLED, Status.SKIPPED)


class TwoSendersAtOnce(RecordingSMTPHandler):
    """Holds the first message until another one arrives while it is held. A worker sends one message
    at a time on its connection, so only a second worker sending at the same moment releases it."""

    def __init__(self, hold_for: float):
        super().__init__()
        self.hold_for = hold_for
        self.overlapped: bool | None = None  # None: no message yet
        self._another: asyncio.Event | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.overlapped is None:
            self.overlapped = False
            self._another = asyncio.Event()
            try:
                await asyncio.wait_for(self._another.wait(), self.hold_for)
                self.overlapped = True
            except TimeoutError:
                pass
        elif self._another is not None:
            self._another.set()
        return await super().handle_DATA(server, session, envelope)


class TwoSendersSMTPServer(SMTPServer):
    def __init__(self):
        super().__init__()
        self.handler = TwoSendersAtOnce(hold_for=30)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)


@dataclass
class Cluster:
    web: WebServers
    nodes: list[str]
    celery: CeleryProcesses
    beat_logs: list
    smtp: TwoSendersSMTPServer

    def all_running(self) -> bool:
        processes = [process for process, _, _ in self.web.started] + self.celery.started
        return all(process.poll() is None for process in processes)


def _no_other_connections() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] == 0


def _scheduled_a_dispatch(beat_log) -> bool:
    return "Sending due task dispatch-due-notifications" in beat_log.read_text()


@pytest.fixture
def cluster(transactional_db, tmp_path):
    """Every process starts at once and boots while the test sets the scene; all are killed afterwards,
    whatever happened, and the test database is left only once their connections are gone."""
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    with ExitStack() as stack:
        smtp = stack.enter_context(TwoSendersSMTPServer())
        redis_server = stack.enter_context(RedisServer())
        celery = stack.enter_context(
            CeleryProcesses(
                database_url=database_url,
                broker_url=redis_server.url,
                smtp_port=smtp.port,
                log_dir=tmp_path,
                extra_env={
                    "DJANGO_DEBUG": "false",
                    "REDIS_URL": redis_server.url,
                    "NOTIFICATION_DISPATCH_INTERVAL_SECONDS": "1",
                    # Small claims, so that the backlog takes several, on both beats' schedules.
                    "NOTIFICATION_BATCH_SIZE": "10",
                    "NOTIFICATION_MAX_BATCHES_PER_RUN": "2",
                },
            )
        )
        # The test settings (DEBUG off) on the web: the same secret key and password hasher as this
        # process, which creates the patients; the cache (allauth's rate limits) is the private Redis.
        web = stack.enter_context(
            WebServers(
                settings="portal.settings.test",
                database_url=database_url,
                redis_url=redis_server.url,
                log_dir=tmp_path,
            )
        )
        nodes = [web.start(), web.start()]
        for number in (1, 2):
            celery.start(
                *("worker", "--pool", "solo", "--hostname", f"node{number}@%h"),
                *("--without-mingle", "--without-gossip", "--loglevel", "INFO"),
            )
        beat_logs = []
        for number in (1, 2):
            beat = celery.start("beat", "--schedule", str(tmp_path / f"beat-{number}.db"), "--loglevel", "INFO")
            beat_logs.append(tmp_path / f"celery-{celery.started.index(beat)}.log")
        yield Cluster(web=web, nodes=nodes, celery=celery, beat_logs=beat_logs, smtp=smtp)
    wait_for(_no_other_connections, 15, "the processes' database connections to close")


@dataclass(frozen=True)
class Attempt:
    node: str
    patient: int
    cookies: dict
    start: datetime
    key: str | None


@dataclass(frozen=True)
class Answer:
    attempt: Attempt
    status: int | None
    code: str | None = None
    appointment: str | None = None
    replayed: bool = False
    detail: str = ""


def _signed_in(node: str, email: str) -> dict:
    """Signs in as the SPA does (allauth headless, browser client): the session cookie and the CSRF token."""
    with requests.Session() as browser:
        browser.get(f"{node}{AUTH}/config", timeout=10).raise_for_status()
        response = browser.post(
            f"{node}{AUTH}/auth/login",
            json={"email": email, "password": PASSWORD},
            headers={"X-CSRFToken": browser.cookies["csrftoken"]},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return {"sessionid": browser.cookies["sessionid"], "csrftoken": browser.cookies["csrftoken"]}


def _book(attempt: Attempt, clinic_slug: str) -> Answer:
    headers = {"X-CSRFToken": attempt.cookies["csrftoken"]}
    if attempt.key:
        headers["Idempotency-Key"] = attempt.key
    try:
        response = requests.post(
            f"{attempt.node}/api/v1/appointments",
            json={"clinic": clinic_slug, "service": "consult", "start": attempt.start.isoformat()},
            headers=headers,
            cookies=attempt.cookies,
            timeout=60,
        )
    except requests.RequestException as error:
        return Answer(attempt, None, detail=repr(error))
    try:
        body = response.json()
    except ValueError:
        return Answer(attempt, response.status_code, detail=response.text[:300])
    return Answer(
        attempt,
        response.status_code,
        code=body.get("code"),
        appointment=body.get("id"),
        replayed=response.headers.get("Idempotent-Replayed") == "true",
        detail=str(body)[:300],
    )


def _all_at_once(attempts: list[Attempt], clinic_slug: str) -> list[Answer]:
    answers: list[Answer | None] = [None] * len(attempts)
    barrier = threading.Barrier(len(attempts))

    def send(index: int) -> None:
        barrier.wait(timeout=60)
        answers[index] = _book(attempts[index], clinic_slug)

    threads = [threading.Thread(target=send, args=(index,), daemon=True) for index in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(answer is not None for answer in answers), "a booking request did not finish"
    return answers


def test_bookings_and_reminders_are_exactly_once_across_nodes(cluster):
    # The scene, while the processes boot. A consultation's care pathway gates are met for real: the
    # intake submitted, the privacy notice and financial policy signed.
    clinic = ClinicFactory(slug="multi-node", timezone="UTC")
    ServiceTypeFactory(clinic=clinic, slug="consult", duration_minutes=60, slot_step_minutes=60)
    provider = ProviderProfileFactory()
    MembershipFactory(clinic=clinic, user=provider.user, role="provider")
    ProviderLicenseFactory(provider=provider, region=clinic.region)
    every_day_hours(provider, clinic, start=time(13), end=time(18))
    publish_consents(clinic.organization)
    patients = [PatientFactory() for _ in range(RIVALS + 2)]
    emails = [patient.email for patient in patients]
    for patient in patients:
        ready_for_consultation(patient, clinic)
    now = timezone.now()
    for patient in patients:
        for number in range(EXTRA_MESSAGES_PER_PATIENT):
            notification_schedule(
                recipient=patient,
                kind="appointment_reminder",
                due_at=now,
                concerns=("drill.multi-node", f"{patient.pk}-{number}"),
                context={"when": "soon"},
            )
    day_after_tomorrow = now.date() + timedelta(days=2)
    contested = datetime.combine(day_after_tomorrow, time(14), tzinfo=UTC)
    retried = datetime.combine(day_after_tomorrow, time(16), tzinfo=UTC)

    cluster.web.wait_until_serving(timeout=120)
    nodes = cluster.nodes
    # Each patient signs in on one node; every other request goes to the other node.
    with ThreadPoolExecutor(max_workers=6) as pool:
        sessions = list(pool.map(_signed_in, [nodes[index % 2] for index in range(len(patients))], emails))
    rival_keys = [None if index % 2 else f"rival-{index}" for index in range(RIVALS)]
    attempts = [
        Attempt(nodes[(index + 1) % 2], index, sessions[index], contested, rival_keys[index]) for index in range(RIVALS)
    ]
    attempts += [Attempt(nodes[n % 2], RIVALS, sessions[RIVALS], contested, "one-click") for n in range(RETRIES)]
    attempts += [Attempt(nodes[n % 2], RIVALS + 1, sessions[RIVALS + 1], retried, "retry") for n in range(RETRIES)]

    answers = _all_at_once(attempts, clinic.slug)

    # Exactly one appointment for each time, never a 500.
    unexpected = [answer for answer in answers if answer.status not in (201, 409)]
    assert not unexpected, unexpected
    assert {answer.code for answer in answers if answer.status == 409} == {"slot_taken"}
    booked = {appointment.starts_at: appointment for appointment in Appointment.objects.select_related("patient")}
    assert sorted(booked) == [contested, retried]
    for start in (contested, retried):
        for_start = [answer for answer in answers if answer.attempt.start == start]
        created = [answer for answer in for_start if answer.status == 201 and not answer.replayed]
        assert len(created) == 1, for_start
        winner = created[0].attempt.patient
        assert created[0].appointment == str(booked[start].pk)
        assert booked[start].patient == patients[winner]
        # The winner's every request (its retries under the same key) answers with the same appointment;
        # everyone else's is refused.
        for answer in for_start:
            if answer.attempt.patient == winner:
                assert (answer.status, answer.appointment) == (201, created[0].appointment), answer
            else:
                assert answer.status == 409, answer
    assert Counter(answer.attempt.node for answer in answers) == {node: len(attempts) // 2 for node in nodes}

    # Once both beats schedule the dispatch, the bookings' reminders (a day and two hours ahead) become
    # due now, beside what is left of the backlog.
    wait_for(lambda: all(map(_scheduled_a_dispatch, cluster.beat_logs)), 60, "both beats to schedule the dispatch")
    assert Notification.objects.filter(concerns_type=APPOINTMENT_MESSAGES).values("concerns_id").distinct().count() == 2
    Notification.objects.filter(status=Status.PENDING, due_at__gt=now).update(due_at=timezone.now())

    def settled() -> bool:
        return not Notification.objects.exclude(status__in=FINAL).exists()

    try:
        wait_for(settled, 90, "every message to be sent")
    except AssertionError as error:
        statuses = Counter(Notification.objects.values_list("status", flat=True))
        raise AssertionError(f"{error}: {dict(statuses)}; logs in {cluster.celery.log_dir}") from None
    received = Counter(cluster.smtp.handler.message_ids)
    rows = list(Notification.objects.values_list("channel", "status", "message_id"))

    assert Counter(status for _, status, _ in rows) == {Status.SENT: len(rows)}
    planned = {message_id for channel, _, message_id in rows if channel == Channel.EMAIL}
    assert len(planned) >= len(patients) * EXTRA_MESSAGES_PER_PATIENT + 2
    assert set(received) == planned
    assert {message_id: count for message_id, count in received.items() if count > 1} == {}
    assert cluster.smtp.handler.overlapped, "the two workers were never sending at the same moment"
    assert cluster.all_running(), f"a process stopped: logs in {cluster.celery.log_dir}"
