"""Rendering and sending one message on its channel. Templates live in templates/reminders/<kind>/:
``subject.txt`` and ``message.txt`` (required), ``sms.txt`` (optional: a neutral default is used)."""

import threading
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string, select_template

from apps.core.hooks import Hook

from .kinds import Channel, rules_for
from .sms import sms_backend

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
# Files an e-mail can carry, named in a message's context as "attachment": each registered by the app
# that owns the file under that name, as ``build(notification) -> (filename, content, mimetype)``.
attachment_builders: Hook[Callable[..., tuple[str, bytes, str]]] = Hook("reminders.attachment_builders")


def unsubscribe_token(*, user_id, kind: str) -> str:
    return signing.dumps({"user": str(user_id), "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> dict | None:
    """The signed ``{"user", "kind"}``; None when tampered with or older than a year."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=365 * 24 * 3600)
    except signing.BadSignature:
        return None


def template_context(notification) -> dict:
    recipient = notification.recipient
    context = {
        **notification.context,
        "recipient_name": recipient.display_name,
        "portal_url": settings.PORTAL_BASE_URL,
        "action_url": settings.PORTAL_BASE_URL + notification.context.get("path", "/"),
        "clinic_name": notification.clinic.name if notification.clinic else "",
    }
    if not rules_for(notification.kind).essential:
        token = unsubscribe_token(user_id=recipient.pk, kind=notification.kind)
        context["unsubscribe_url"] = f"{settings.PORTAL_BASE_URL}/notifications/unsubscribe/{token}"
        # Mail clients' one-click unsubscribe (RFC 8058) POSTs straight to the API.
        context["one_click_unsubscribe_url"] = f"{settings.PORTAL_BASE_URL}/api/v1/notifications/unsubscribe/{token}"
    return context


def render_subject(kind: str, context: dict) -> str:
    return " ".join(render_to_string(f"reminders/{kind}/subject.txt", context).split())


def render_message(kind: str, context: dict) -> str:
    return render_to_string(f"reminders/{kind}/message.txt", context).strip()


def render_sms(kind: str, context: dict) -> str:
    template = select_template([f"reminders/{kind}/sms.txt", "reminders/sms.txt"])
    return " ".join(template.render(context).split())


_worker = threading.local()


def _mail_connection(*, fresh: bool):
    """One open connection per worker thread, kept between messages: opening an SMTP session for every
    message costs more than writing it."""
    connection = getattr(_worker, "mail_connection", None)
    if fresh or connection is None:
        if connection is not None:
            connection.close()
        connection = _worker.mail_connection = get_connection()
        connection.open()
    return connection


def _send_on_kept_connection(email) -> None:
    try:
        _mail_connection(fresh=False).send_messages([email])
    except Exception:
        # The kept session may have been closed by the server meanwhile: one more try on a new one.
        _mail_connection(fresh=True).send_messages([email])


def _send_email(notification, context: dict) -> None:
    subject = render_subject(notification.kind, context)
    text = render_message(notification.kind, context)
    html = render_to_string("reminders/email.html", {**context, "subject": subject, "message": text})
    headers = {"Message-ID": notification.message_id}
    if "unsubscribe_url" in context:
        headers["List-Unsubscribe"] = f"<{context['one_click_unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    if "attachment" in notification.context:
        build = attachment_builders.get(notification.context["attachment"])
        if build is None:
            raise ImproperlyConfigured(
                f"No attachment builder is registered as {notification.context['attachment']!r}."
            )
        email.attach(*build(notification))
    _send_on_kept_connection(email)


def _send_sms(notification, context: dict, prefs) -> str:
    to = notification.context.get("sms_to") or str(prefs.sms_number)
    return sms_backend().send(to=to, body=render_sms(notification.kind, context), reference=notification.message_id)


def deliver(notification, prefs) -> str:
    """Send; return the provider's id of the message (the SMS provider's, for its status callbacks),
    or "" where there is none. Raise on failure; the caller records it and backs off. In-portal
    messages are delivered by being marked sent: the portal lists them from then on."""
    context = template_context(notification)
    if notification.channel == Channel.EMAIL:
        _send_email(notification, context)
    elif notification.channel == Channel.SMS:
        return _send_sms(notification, context, prefs)
    return ""


def in_app_view(notification) -> dict:
    """What the portal shows for an in-portal message: the e-mail's neutral subject and text."""
    context = template_context(notification)
    return {
        "id": notification.id,
        "kind": notification.kind,
        "title": render_subject(notification.kind, context),
        "body": render_message(notification.kind, context),
        "link": notification.context.get("path", "/"),
        "due_at": notification.due_at,
        "read_at": notification.read_at,
    }
