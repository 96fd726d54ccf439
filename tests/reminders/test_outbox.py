from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from apps.reminders import relevance
from apps.reminders.delivery import notifications_claim_due, notifications_deliver
from apps.reminders.models import Notification, NotificationPreference, Status
from apps.reminders.services import notification_schedule, notifications_cancel
from apps.reminders.sms import MemorySMSBackend
from tests.reminders.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # 10:00 in Denver, 12:00 in New York


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    MemorySMSBackend.outbox.clear()


def _claim_and_deliver():
    token, ids = notifications_claim_due()
    outcomes = notifications_deliver(notification_ids=ids, claim_token=token)
    return [outcomes[pk] for pk in ids]


def _deliver(notification, token) -> str:
    return notifications_deliver(notification_ids=[notification.pk], claim_token=token)[notification.pk]


def test_by_default_a_patient_gets_e_mail_and_an_in_portal_message(patient):
    planned = notification_schedule(recipient=patient, kind="appointment_reminder", due_at=NOON)
    assert sorted(n.channel for n in planned) == ["email", "in_app"]


def test_texts_need_opting_in_with_a_verified_number(patient):
    prefs = NotificationPreference.objects.create(user=patient, sms_enabled=True, sms_number="+13035550111")
    assert "sms" not in {n.channel for n in notification_schedule(recipient=patient, kind="booster_due", due_at=NOON)}
    prefs.sms_verified_at = NOON
    prefs.save()
    planned = notification_schedule(recipient=patient, kind="booster_due", due_at=NOON + timedelta(days=1))
    assert "sms" in {n.channel for n in planned}


def test_planning_the_same_message_twice_creates_it_once(patient):
    notification_schedule(recipient=patient, kind="booster_due", due_at=NOON, concerns=("care.plan", "7"))
    first = set(Notification.objects.values_list("pk", "message_id"))
    notification_schedule(recipient=patient, kind="booster_due", due_at=NOON, concerns=("care.plan", "7"))
    assert set(Notification.objects.values_list("pk", "message_id")) == first
    assert len(first) == 2


def test_unsubscribing_stops_non_essential_kinds_only(patient):
    NotificationPreference.objects.create(user=patient, unsubscribed_kinds=["booster_due", "appointment_reminder"])
    assert notification_schedule(recipient=patient, kind="booster_due", due_at=NOON) == []
    assert len(notification_schedule(recipient=patient, kind="appointment_reminder", due_at=NOON)) == 2


def test_cancelling_leaves_sent_messages_alone(patient):
    waiting = NotificationFactory(recipient=patient, concerns_type="booking.appointment", concerns_id="a1")
    sent = NotificationFactory(
        recipient=patient, concerns_type="booking.appointment", concerns_id="a1", status=Status.SENT
    )
    assert notifications_cancel(concerns=("booking.appointment", "a1")) == 1
    waiting.refresh_from_db()
    sent.refresh_from_db()
    assert (waiting.status, sent.status) == (Status.CANCELLED, Status.SENT)


def test_only_due_messages_are_claimed_and_each_claim_counts_an_attempt(patient):
    due = NotificationFactory(recipient=patient, due_at=NOON - timedelta(minutes=1))
    NotificationFactory(recipient=patient, due_at=NOON + timedelta(minutes=1))
    with time_machine.travel(NOON, tick=False):
        token, ids = notifications_claim_due()
    assert ids == [due.pk]
    due.refresh_from_db()
    assert (due.status, due.attempts, due.claim_token) == (Status.CLAIMED, 1, token)


def test_a_claim_whose_lease_ran_out_is_claimed_again(patient, settings):
    settings.NOTIFICATION_CLAIM_LEASE_SECONDS = 60
    notification = NotificationFactory(recipient=patient, due_at=NOON)
    with time_machine.travel(NOON, tick=False):
        first_token, _ = notifications_claim_due()
        assert notifications_claim_due()[1] == []  # still leased
    with time_machine.travel(NOON + timedelta(seconds=61), tick=False):
        second_token, ids = notifications_claim_due()
    assert ids == [notification.pk]
    # The first worker's late message is now stale and sends nothing.
    assert _deliver(notification, first_token) == "stale_claim"
    assert _deliver(notification, second_token) == "sent"
    assert len(mail.outbox) == 1


def test_an_e_mail_carries_its_stored_message_id_plain_text_and_html(patient):
    notification = NotificationFactory(recipient=patient, due_at=NOON)
    with time_machine.travel(NOON, tick=False):
        assert _claim_and_deliver() == ["sent"]
    message = mail.outbox[0]
    assert message.extra_headers["Message-ID"] == notification.message_id
    assert message.subject == "You have an upcoming appointment"
    assert "Monday 2 March 2026 at 10:00 AM MST" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    notification.refresh_from_db()
    assert (notification.status, notification.sent_at) == (Status.SENT, NOON)


def test_delivering_twice_sends_once(patient):
    notification = NotificationFactory(recipient=patient, due_at=NOON)
    with time_machine.travel(NOON, tick=False):
        token, _ = notifications_claim_due()
        outcomes = [_deliver(notification, token) for _ in range(2)]
    assert outcomes == ["sent", "not_claimed"]
    assert len(mail.outbox) == 1


def test_a_failing_channel_backs_off_exponentially_then_fails_visibly(patient, settings, monkeypatch):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    notification = NotificationFactory(recipient=patient, due_at=NOON)
    moment = NOON
    for expected_delay in (60, 120):
        with time_machine.travel(moment, tick=False):
            assert _claim_and_deliver() == ["retry"]
        notification.refresh_from_db()
        assert notification.due_at - moment == timedelta(seconds=expected_delay)
        moment = notification.due_at
    with time_machine.travel(moment, tick=False):
        assert _claim_and_deliver() == ["failed"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, 3)
    assert notification.last_error == "ConnectionRefusedError: smtp down"


def reason_is_gone(notifications):
    return set()


@relevance.relevance_checks.replaced({"booking.appointment": reason_is_gone})
def test_a_message_whose_reason_is_gone_is_skipped(patient):
    NotificationFactory(recipient=patient, due_at=NOON, concerns_type="booking.appointment", concerns_id="x")
    with time_machine.travel(NOON, tick=False):
        assert _claim_and_deliver() == ["skipped"]
    assert mail.outbox == []


def test_quiet_hours_hold_non_urgent_messages_until_they_end(patient):
    # 22:00–07:00 in New York; 03:30 UTC is 22:30 the evening before in New York.
    NotificationPreference.objects.create(user=patient, quiet_hours_start=time(22), quiet_hours_end=time(7))
    late = datetime(2026, 3, 3, 3, 30, tzinfo=UTC)
    reminder = NotificationFactory(recipient=patient, due_at=late, kind="booster_due")
    join_link = NotificationFactory(recipient=patient, due_at=late, kind="telehealth_link")
    with time_machine.travel(late, tick=False):
        assert sorted(_claim_and_deliver()) == ["deferred", "sent"]
    reminder.refresh_from_db()
    join_link.refresh_from_db()
    assert join_link.status == Status.SENT
    assert (reminder.status, reminder.attempts) == (Status.PENDING, 0)
    assert reminder.due_at == datetime(2026, 3, 3, 12, 0, tzinfo=UTC)  # 07:00 EST


def test_texts_go_to_the_verified_number_with_neutral_words(patient):
    NotificationPreference.objects.create(
        user=patient, sms_enabled=True, sms_number="+13035550111", sms_verified_at=NOON
    )
    NotificationFactory(recipient=patient, due_at=NOON, channel="sms")
    with time_machine.travel(NOON, tick=False):
        assert _claim_and_deliver() == ["sent"]
    assert MemorySMSBackend.outbox[0]["to"] == "+13035550111"
    assert MemorySMSBackend.outbox[0]["body"].startswith("You have an upcoming appointment")


def test_a_kept_mail_connection_the_server_closed_is_replaced_without_losing_an_attempt(patient, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages
    failures = iter([ConnectionResetError("server closed the idle session")])

    def first_send_fails(self, messages):
        for error in failures:
            raise error
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", first_send_fails)
    notification = NotificationFactory(recipient=patient, due_at=NOON)
    with time_machine.travel(NOON, tick=False):
        assert _claim_and_deliver() == ["sent"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1
