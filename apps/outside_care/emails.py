"""The e-mail that carries a summary's one-time link to the outside provider. Neutral by design: the
subject and text say only that a document was shared, never the clinic, the treatment, the patient or
anything about their health; the sender is the portal's neutral address."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .models import ProgressSummary
from .tokens import link_token


def summary_link_url(summary: ProgressSummary) -> str:
    token = link_token(summary_id=summary.pk, nonce=summary.token_nonce)
    return settings.PORTAL_BASE_URL + reverse("summary-link", kwargs={"token": token})


def summary_email(summary: ProgressSummary) -> EmailMessage:
    context = {
        "recipient_name": summary.consent.provider_name,
        "link": summary_link_url(summary),
        "expires_on": f"{summary.link_expires_at:%-d %B %Y, %H:%M} UTC",
    }
    subject = " ".join(render_to_string("outside_care/email_subject.txt", context).split())
    return EmailMessage(
        subject=subject,
        body=render_to_string("outside_care/email_message.txt", context).strip(),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[summary.consent.provider_email],
        headers={"Message-ID": summary.message_id},
    )


def send_summary_email(summary: ProgressSummary) -> None:
    summary_email(summary).send()
