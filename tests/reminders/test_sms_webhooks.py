"""The SMS provider's webhooks, signed as Twilio signs them: STOP, START and HELP replies, and the
delivery status of each text. An unsigned or forged request is refused and changes nothing."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from twilio.request_validator import RequestValidator

from apps.reminders.delivery import notifications_deliver
from apps.reminders.models import NotificationPreference
from apps.reminders.sms import MemorySMSBackend
from apps.reminders.sms_replies import HELP_REPLY, NOT_READ_REPLY, START_REPLY, STOP_REPLY
from tests.accounts.factories import PatientFactory
from tests.reminders.factories import NotificationFactory

pytestmark = pytest.mark.django_db

TOKEN = "test-twilio-auth-token"
NUMBER = "+13035550188"
INBOUND, STATUS = "/api/v1/notifications/sms/inbound", "/api/v1/notifications/sms/status"


@pytest.fixture(autouse=True)
def twilio(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PORTAL_BASE_URL = "https://portal.example.com"


def post_form(path, fields, **headers):
    """As Twilio posts: form-encoded fields."""
    return Client().post(path, urlencode(fields), content_type="application/x-www-form-urlencoded", headers=headers)


def post_signed(path, fields, *, token=TOKEN):
    signature = RequestValidator(token).compute_signature("https://portal.example.com" + path, fields)
    return post_form(path, fields, **{"X-Twilio-Signature": signature})


def texting_patient():
    patient = PatientFactory()
    NotificationPreference.objects.create(
        user=patient, sms_enabled=True, sms_number=NUMBER, sms_verified_at=timezone.now()
    )
    return patient


def prefs_of(patient):
    return NotificationPreference.objects.get(user=patient)


def test_stop_turns_texts_off_and_start_turns_them_back_on():
    patient = texting_patient()
    response = post_signed(INBOUND, {"From": NUMBER, "Body": " stop "})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert STOP_REPLY in response.content.decode()
    assert (prefs_of(patient).sms_enabled, prefs_of(patient).sms_ready) == (False, False)
    assert prefs_of(patient).sms_stopped_at is not None

    assert START_REPLY in post_signed(INBOUND, {"From": NUMBER, "Body": "START"}).content.decode()
    assert prefs_of(patient).sms_ready is True


def test_start_does_not_turn_on_texts_the_patient_never_stopped_by_text():
    patient = PatientFactory()
    NotificationPreference.objects.create(user=patient, sms_enabled=False, sms_number=NUMBER)
    post_signed(INBOUND, {"From": NUMBER, "Body": "START"})
    assert prefs_of(patient).sms_enabled is False


def test_help_and_anything_else_get_a_neutral_answer_and_change_nothing():
    patient = texting_patient()
    assert HELP_REPLY in post_signed(INBOUND, {"From": NUMBER, "Body": "help"}).content.decode()
    other = post_signed(INBOUND, {"From": NUMBER, "Body": "I feel awful today"}).content.decode()
    assert NOT_READ_REPLY in other
    assert "awful" not in other
    assert prefs_of(patient).sms_ready is True


@pytest.mark.parametrize("token", ["", "not-the-token"], ids=["unsigned", "forged"])
def test_a_request_not_signed_by_the_provider_is_refused_and_changes_nothing(token):
    patient = texting_patient()
    fields = {"From": NUMBER, "Body": "STOP"}
    response = post_signed(INBOUND, fields, token=token) if token else post_form(INBOUND, fields)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert prefs_of(patient).sms_ready is True


def test_a_text_sent_records_the_providers_id_and_its_delivery_status(settings):
    settings.SMS_BACKEND = "apps.reminders.sms.MemorySMSBackend"
    MemorySMSBackend.outbox.clear()
    patient = texting_patient()
    claim = "6e1c0c1e-0000-4000-8000-000000000001"
    notification = NotificationFactory(recipient=patient, channel="sms", status="claimed", claim_token=claim)
    outcomes = notifications_deliver(notification_ids=[notification.pk], claim_token=notification.claim_token)
    assert outcomes == {notification.pk: "sent"}
    notification.refresh_from_db()
    assert notification.provider_message_id == f"memory-{notification.message_id}"

    sid = notification.provider_message_id
    assert post_signed(STATUS, {"MessageSid": sid, "MessageStatus": "delivered"}).status_code == 204
    # A late "sent" after "delivered" (callbacks arrive out of order) and a replay change nothing.
    post_signed(STATUS, {"MessageSid": sid, "MessageStatus": "sent"})
    post_signed(STATUS, {"MessageSid": sid, "MessageStatus": "delivered"})
    notification.refresh_from_db()
    assert notification.delivery_status == "delivered"
    assert notification.delivery_status_at is not None


def test_a_status_for_a_text_the_portal_never_sent_is_acknowledged_and_ignored():
    assert post_signed(STATUS, {"MessageSid": "SM-unknown", "MessageStatus": "failed"}).status_code == 204


def test_the_status_callback_url_is_given_to_the_provider_with_each_text(settings, monkeypatch):
    from apps.reminders import sms

    sent = {}

    class Messages:
        def create(self, **fields):
            sent.update(fields)
            return type("Message", (), {"sid": "SM123"})()

    fake_client = type("FakeTwilio", (), {"messages": Messages()})()
    monkeypatch.setattr(sms.TwilioSMSBackend, "__init__", lambda self: setattr(self, "client", fake_client))
    assert sms.TwilioSMSBackend().send(to=NUMBER, body="You have an upcoming appointment.", reference="x") == "SM123"
    assert sent["status_callback"] == "https://portal.example.com/api/v1/notifications/sms/status"
