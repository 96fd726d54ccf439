"""Sending a summary: made under a live consent only, once per Idempotency-Key, its neutral e-mail
delivered durably (retried with backoff, a crash loses nothing), and cancelled if the consent ends first."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from apps.audit.models import AuditEvent
from apps.outside_care import services, tasks
from apps.outside_care.emails import summary_link_url
from apps.outside_care.exceptions import ConsentNotLive
from apps.outside_care.models import EmailStatus, ProgressSummary
from apps.outside_care.selectors import summary_emails_due
from apps.outside_care.tokens import token_sha256

from .factories import NOW, clinic_with_patient, give_consent, with_history

pytestmark = pytest.mark.django_db

# Words that would tell a reader of the e-mail what the patient is treated for, or how they are.
TREATMENT_WORDS = re.compile(
    r"ketamine|depress|infusion|injection|lozenge|dose|dosing|phq|gad|score|anxiety|mental|psychiatr|therap|"
    r"side effect|treatment|session|clinic",
    re.IGNORECASE,
)


@pytest.fixture
def scene():
    scene = with_history(clinic_with_patient())
    give_consent(scene.patient)
    return scene


@pytest.fixture
def queued(monkeypatch):
    """The ids the send queued for delivery (the broker is not reached)."""
    ids = []
    monkeypatch.setattr(tasks.deliver_summary_email, "delay", ids.append)
    return ids


def _send(scene, key="key-1"):
    return services.summary_send(
        actor=scene.provider_user, clinic=scene.clinic, patient=scene.patient, idempotency_key=key
    )


def test_sending_keeps_the_pdf_a_hash_of_the_token_and_queues_the_email_on_commit(
    scene, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary, created = _send(scene)
    assert created and queued == [str(summary.pk)]
    assert bytes(summary.pdf).startswith(b"%PDF")
    assert summary.sections == ["attendance", "assessments", "side_effects"]
    assert summary.link_expires_at == NOW + timedelta(days=7)
    token = summary_link_url(summary).rsplit("/", 1)[1]
    assert summary.token_sha256 == token_sha256(token) and token not in str(summary.__dict__)
    event = AuditEvent.objects.get(object_type="outside_care.progresssummary", action="create")
    assert event.actor == scene.provider_user and event.patient == scene.patient and event.clinic == scene.clinic


def test_a_double_submit_with_the_same_key_makes_one_summary(scene, queued):
    first, created = _send(scene)
    again, created_again = _send(scene)
    assert created and not created_again and again.pk == first.pk
    assert ProgressSummary.objects.count() == 1


def test_a_send_without_a_live_consent_is_refused(scene, queued):
    services.sharing_consent_revoke(
        actor=scene.patient, patient=scene.patient, consent=scene.patient.sharing_consents.get()
    )
    with pytest.raises(ConsentNotLive) as refused:
        _send(scene)
    assert refused.value.code == "no_sharing_consent"
    assert not ProgressSummary.objects.exists()


def test_the_email_is_neutral_and_carries_the_link(scene, queued):
    summary, _ = _send(scene)
    assert services.summary_email_deliver(summary_id=summary.pk) == "sent"
    [email] = mail.outbox
    assert email.subject == "A document has been shared with you"
    assert email.to == ["jane.moss@riverside.example"]
    assert email.from_email == "Patient Portal <no-reply@portal.localhost>"
    assert email.extra_headers["Message-ID"] == summary.message_id
    assert summary_link_url(summary) in email.body
    text = f"{email.subject}\n{email.body}"
    assert not TREATMENT_WORDS.search(text), TREATMENT_WORDS.search(text)
    assert scene.patient.patient_profile.legal_name not in text
    assert scene.clinic.name not in text
    # No number at all but the link's and its expiry: no score, no dose, no date of a session.
    expiry = f"{summary.link_expires_at:%-d %B %Y, %H:%M} UTC"
    assert expiry in text
    assert not re.search(r"\d", text.replace(summary_link_url(summary), "").replace(expiry, ""))
    summary.refresh_from_db()
    assert summary.email_status == EmailStatus.SENT and summary.email_sent_at == NOW
    # Delivered once: a second task for the same summary sends nothing.
    assert services.summary_email_deliver(summary_id=summary.pk) == "not_due"
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_with_backoff_then_marked_failed(scene, queued, monkeypatch, pinned_clock, settings):
    settings.OUTSIDE_CARE_EMAIL_MAX_ATTEMPTS = 3
    summary, _ = _send(scene)

    def refuse(message):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("apps.outside_care.services.send_summary_email", refuse)
    assert services.summary_email_deliver(summary_id=summary.pk) == "retry"
    summary.refresh_from_db()
    assert summary.email_due_at == NOW + timedelta(seconds=60) and summary.email_attempts == 1
    assert "mail server down" in summary.email_last_error
    assert services.summary_email_deliver(summary_id=summary.pk) == "not_due"  # not before its time
    pinned_clock.move_to(NOW + timedelta(seconds=60))
    assert services.summary_email_deliver(summary_id=summary.pk) == "retry"
    summary.refresh_from_db()
    assert summary.email_due_at == NOW + timedelta(seconds=60 + 120)
    pinned_clock.move_to(summary.email_due_at)
    assert services.summary_email_deliver(summary_id=summary.pk) == "failed"
    summary.refresh_from_db()
    assert summary.email_status == EmailStatus.FAILED and not mail.outbox


def test_a_worker_that_dies_while_sending_loses_nothing(scene, queued, monkeypatch):
    """The crash rolls the transaction back: the row is still pending, the beat's sweep finds it, and
    it goes with the same Message-ID."""
    summary, _ = _send(scene)

    def die(message):
        raise SystemExit("worker killed")

    monkeypatch.setattr("apps.outside_care.services.send_summary_email", die)
    with pytest.raises(SystemExit), transaction.atomic():
        services.summary_email_deliver(summary_id=summary.pk)
    summary.refresh_from_db()
    assert summary.email_status == EmailStatus.PENDING and summary.email_attempts == 0
    monkeypatch.undo()
    monkeypatch.setattr(tasks.deliver_summary_email, "delay", queued.append)
    queued.clear()
    assert tasks.dispatch_due_summary_emails() == 1 and queued == [str(summary.pk)]
    assert tasks.deliver_summary_email(str(summary.pk)) == "sent"
    assert mail.outbox[0].extra_headers["Message-ID"] == summary.message_id
    assert summary_emails_due(at=NOW, limit=10) == []


def test_an_email_not_yet_sent_when_the_consent_is_revoked_is_not_sent(scene, queued):
    summary, _ = _send(scene)
    services.sharing_consent_revoke(actor=scene.patient, patient=scene.patient, consent=summary.consent)
    assert services.summary_email_deliver(summary_id=summary.pk) == EmailStatus.CANCELLED
    assert not mail.outbox
