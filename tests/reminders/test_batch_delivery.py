"""A claimed batch delivered by one task: a fixed number of reads, one durable write per message that
leaves the portal, each message's outcome its own, and relevance asked once per kind of reason."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.booking.messages import BookingMessage
from apps.booking.models import AppointmentStatus
from apps.booking.notifications import relevant_ids as booking_relevant_ids
from apps.reminders import relevance, tasks
from apps.reminders.delivery import notifications_claim_due, notifications_deliver
from apps.reminders.models import Notification, NotificationPreference, Status
from tests.accounts.factories import PatientFactory
from tests.booking.factories import AppointmentFactory
from tests.reminders.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # 12:00 in New York, the patients' zone
TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "COMMIT")


@pytest.fixture(autouse=True)
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


def _due_e_mails(count: int, **fields) -> list[Notification]:
    return [NotificationFactory(recipient=PatientFactory(), due_at=NOON, **fields) for _ in range(count)]


def _statements(run) -> list[str]:
    """The SQL ``run`` sent that reads or writes rows (not the transaction control around it)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return [query["sql"] for query in captured.captured_queries if not query["sql"].startswith(TRANSACTION_CONTROL)]


def _status_of(notification) -> str:
    notification.refresh_from_db()
    return notification.status


@pytest.mark.parametrize("size", [5, 20])
def test_a_batch_reads_in_two_queries_and_records_each_e_mail_with_one_update(size):
    _due_e_mails(size)
    token, ids = notifications_claim_due(batch_size=size)
    statements = _statements(lambda: notifications_deliver(notification_ids=ids, claim_token=token))
    # The rows with their recipients and clinics, the recipients' choices, then each e-mail's own
    # record, committed before the next one goes: no query grows with the batch but that one.
    assert len(statements) == 2 + size
    assert all(sql.startswith("UPDATE") for sql in statements[2:])
    assert len(mail.outbox) == size
    assert Notification.objects.filter(status=Status.SENT, sent_at=NOON, claim_token=None).count() == size


def test_what_sends_nothing_outside_is_written_in_one_update():
    quiet = PatientFactory()  # 22:00-13:00 in New York: noon is quiet for them
    NotificationPreference.objects.create(user=quiet, quiet_hours_start=time(22), quiet_hours_end=time(13))
    no_e_mail = PatientFactory()
    NotificationPreference.objects.create(user=no_e_mail, email_enabled=False)
    deferred = NotificationFactory(recipient=quiet, due_at=NOON, kind="booster_due")
    skipped = NotificationFactory(recipient=no_e_mail, due_at=NOON, kind="booster_due")
    in_portal = NotificationFactory(recipient=no_e_mail, due_at=NOON, kind="booster_due", channel="in_app")
    e_mail = NotificationFactory(recipient=PatientFactory(), due_at=NOON)
    token, ids = notifications_claim_due()
    outcomes = {}
    statements = _statements(lambda: outcomes.update(notifications_deliver(notification_ids=ids, claim_token=token)))
    assert len(statements) == 2 + 1 + 1  # reads, the e-mail's record, everything else at once
    assert outcomes == {deferred.pk: "deferred", skipped.pk: "skipped", in_portal.pk: "sent", e_mail.pk: "sent"}
    deferred.refresh_from_db()
    assert (deferred.status, deferred.attempts, deferred.due_at) == (Status.PENDING, 0, NOON + timedelta(hours=1))
    assert [_status_of(skipped), _status_of(in_portal)] == [Status.SKIPPED, Status.SENT]
    assert [message.to for message in mail.outbox] == [[e_mail.recipient.email]]


def test_a_batch_whose_lease_was_taken_over_sends_nothing(settings):
    settings.NOTIFICATION_CLAIM_LEASE_SECONDS = 60
    batch = _due_e_mails(3)
    first_token, ids = notifications_claim_due()
    with time_machine.travel(NOON + timedelta(seconds=61), tick=False):
        second_token, again = notifications_claim_due()
        assert sorted(again) == sorted(ids)
        assert set(notifications_deliver(notification_ids=ids, claim_token=first_token).values()) == {"stale_claim"}
        assert mail.outbox == []
        assert set(notifications_deliver(notification_ids=ids, claim_token=second_token).values()) == {"sent"}
    assert sorted(message.extra_headers["Message-ID"] for message in mail.outbox) == sorted(n.message_id for n in batch)


def _refusing(address: str):
    """An SMTP server that refuses every message to ``address`` and takes the others."""
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        if any(address in message.to for message in messages):
            raise ConnectionRefusedError(f"no mailbox {address}")
        return original(self, messages)

    return send_messages


def test_one_failing_message_backs_off_while_the_rest_of_its_batch_is_sent(settings, monkeypatch):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    first, refused, last = _due_e_mails(3)
    monkeypatch.setattr(EmailBackend, "send_messages", _refusing(refused.recipient.email))
    token, ids = notifications_claim_due()
    outcomes = notifications_deliver(notification_ids=ids, claim_token=token)
    assert outcomes == {first.pk: "sent", refused.pk: "retry", last.pk: "sent"}
    refused.refresh_from_db()
    assert (refused.status, refused.attempts, refused.due_at) == (Status.PENDING, 1, NOON + timedelta(seconds=60))
    assert refused.last_error == f"ConnectionRefusedError: no mailbox {refused.recipient.email}"
    assert (refused.claim_token, refused.sent_at) == (None, None)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.recipient.email, last.recipient.email])


def test_a_message_out_of_attempts_fails_visibly_without_failing_its_batch(settings, monkeypatch):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    sent, refused = _due_e_mails(2)
    Notification.objects.filter(pk=refused.pk).update(attempts=2)
    monkeypatch.setattr(EmailBackend, "send_messages", _refusing(refused.recipient.email))
    token, ids = notifications_claim_due()
    assert notifications_deliver(notification_ids=ids, claim_token=token) == {sent.pk: "sent", refused.pk: "failed"}
    refused.refresh_from_db()
    assert (refused.status, refused.attempts, refused.claim_token) == (Status.FAILED, 3, None)


class WorkerKilled(BaseException):
    """What a worker dying mid-send looks like from inside: nothing after it runs."""


def test_a_worker_dying_mid_batch_has_recorded_every_message_it_sent_but_the_one_in_flight(monkeypatch):
    _due_e_mails(5)
    original = EmailBackend.send_messages

    def dies_on_the_third(self, messages):
        if len(mail.outbox) == 2:
            raise WorkerKilled
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", dies_on_the_third)
    token, ids = notifications_claim_due()
    with pytest.raises(WorkerKilled):
        notifications_deliver(notification_ids=ids, claim_token=token)
    delivered = {message.extra_headers["Message-ID"] for message in mail.outbox}
    recorded = set(Notification.objects.filter(status=Status.SENT).values_list("message_id", flat=True))
    assert len(delivered) == 2
    assert recorded == delivered
    # The one in flight and those after it wait, still claimed, for the lease to bring them back.
    assert Notification.objects.filter(status=Status.CLAIMED, claim_token=token).count() == 3


def test_relevance_asks_each_check_once_about_all_of_its_messages():
    asked = []

    def appointments_gone(notifications):
        asked.append(sorted(n.concerns_id for n in notifications))
        return set()

    def alert_open(notification):
        return notification.concerns_id == "open"

    rows = [
        NotificationFactory(concerns_type="booking.appointment", concerns_id="a"),
        NotificationFactory(concerns_type="booking.appointment", concerns_id="b"),
        NotificationFactory(concerns_type="care.safetyalert", concerns_id="open"),
        NotificationFactory(concerns_type="care.safetyalert", concerns_id="acknowledged"),
        NotificationFactory(concerns_type="", concerns_id=""),  # about nothing a check owns: always goes
    ]
    checks = {"booking.appointment": appointments_gone, "care.safetyalert": relevance.OneAtATime(alert_open)}
    with relevance.relevance_checks.replaced(checks):
        assert relevance.relevant_ids(rows) == {rows[2].pk, rows[4].pk}
    assert asked == [["a", "b"]]


def test_bookings_relevance_check_reads_every_appointment_of_a_batch_in_one_query(django_assert_num_queries):
    confirmed = AppointmentFactory(starts_at=NOON + timedelta(days=1), sequence=1)
    moved = AppointmentFactory(starts_at=NOON + timedelta(days=2), sequence=2)
    cancelled = AppointmentFactory(starts_at=NOON + timedelta(days=3), status=AppointmentStatus.CANCELLED)

    def about(appointment, kind, sequence=1):
        return NotificationFactory(
            kind=kind,
            concerns_type="booking.appointment",
            concerns_id=str(appointment.pk),
            context={"sequence": sequence, "when": "soon"},
        )

    stands = about(confirmed, BookingMessage.APPOINTMENT_REMINDER)
    from_before_the_move = about(moved, BookingMessage.APPOINTMENT_REMINDER, sequence=1)
    after_the_move = about(moved, BookingMessage.APPOINTMENT_REMINDER, sequence=2)
    cancellation = about(cancelled, BookingMessage.APPOINTMENT_CANCELLED)
    reminder_of_the_cancelled = about(cancelled, BookingMessage.APPOINTMENT_REMINDER)
    batch = [stands, from_before_the_move, after_the_move, cancellation, reminder_of_the_cancelled]
    with django_assert_num_queries(1):
        assert booking_relevant_ids(batch) == {stands.pk, after_the_move.pk, cancellation.pk}


def test_the_beat_hands_each_claimed_batch_to_one_task(settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_BATCH_SIZE = 3
    _due_e_mails(7)
    handed = []
    monkeypatch.setattr(tasks.send_notifications, "delay", lambda ids, token: handed.append((ids, token)))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.dispatch_due_notifications() == 7
    assert [len(ids) for ids, _ in handed] == [3, 3, 1]
    for ids, token in handed:
        claims = Notification.objects.filter(pk__in=ids).values_list("claim_token", flat=True)
        assert {str(claim) for claim in claims} == {token}
        assert tasks.send_notifications(ids, token) == {"sent": len(ids)}
    assert len(mail.outbox) == 7
