"""Text messages through a small adapter: console (embedded default), memory (tests), Twilio."""

import logging
import sys

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def status_callback_url() -> str:
    return settings.PORTAL_BASE_URL + "/api/v1/notifications/sms/status"


class ConsoleSMSBackend:
    def send(self, *, to: str, body: str, reference: str) -> str:
        sys.stdout.write(f"SMS to {to} [{reference}]\n{body}\n\n")
        return f"console-{reference}"


class MemorySMSBackend:
    """Keeps sent texts in ``outbox`` (a list of dicts), like Django's locmem e-mail backend."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str, reference: str) -> str:
        self.outbox.append({"to": to, "body": body, "reference": reference})
        return f"memory-{reference}"


class TwilioSMSBackend:
    def __init__(self):
        from twilio.rest import Client

        self.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)

    def send(self, *, to: str, body: str, reference: str) -> str:
        message = self.client.messages.create(
            to=to, from_=settings.TWILIO_FROM_NUMBER, body=body, status_callback=status_callback_url()
        )
        return message.sid


def sms_backend():
    return import_string(settings.SMS_BACKEND)()
