"""What the outbox can send: message kinds, each owned by the domain that plans it.

A domain names its kinds (a ``TextChoices``), gives each its ``KindRules`` and keeps its templates
under its own templates/reminders/<kind>/; ``portal/wiring.py`` registers them on ``message_kinds``, so
a new kind needs no change here. ``essential`` messages (about an appointment the patient booked, or
safety) cannot be unsubscribed; ``urgent`` ones are delivered even in the recipient's quiet hours.
Subjects and SMS texts must stay neutral: never a treatment, a drug, a diagnosis or a score (tests
check every registered kind's templates against a list of such words)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from apps.core.hooks import Hook


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"
    IN_APP = "in_app", "In the portal"


@dataclass(frozen=True)
class KindRules:
    label: str
    essential: bool = False
    urgent: bool = False
    # Which channels a message of this kind may use at all.
    channels: tuple[str, ...] = (Channel.EMAIL, Channel.SMS, Channel.IN_APP)


message_kinds: Hook[KindRules] = Hook("reminders.message_kinds", required=True)


def register_kinds(kinds: type[models.TextChoices], rules: Mapping[str, dict]) -> None:
    """Register every kind of ``kinds``, with its rules (``KindRules`` fields other than the label)."""
    for kind in kinds:
        message_kinds.register(KindRules(label=kind.label, **rules[kind]), key=kind.value)


def rules_for(kind: str) -> KindRules:
    rules = message_kinds.get(kind)
    if rules is None:
        raise ImproperlyConfigured(f"No message kind {kind!r} is registered.")
    return rules


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind with its label (the API's ``NotificationKindEnum``)."""
    return [(kind, rules.label) for kind, rules in message_kinds.items()]


def is_kind(kind: str) -> bool:
    return message_kinds.get(kind) is not None


class OutboxKind(models.TextChoices):
    """The outbox's own messages."""

    PHONE_VERIFICATION = "phone_verification", "Phone number verification"


OUTBOX_RULES = {OutboxKind.PHONE_VERIFICATION: {"essential": True, "urgent": True, "channels": (Channel.SMS,)}}
