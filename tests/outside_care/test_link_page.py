"""The page the outside provider opens: GET shows what it is and spends nothing; POST downloads the
PDF once; spent, expired, revoked and unknown links get a clear page with nothing shown."""

from datetime import date, timedelta

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.outside_care import services, tasks
from apps.outside_care.emails import summary_link_url
from apps.outside_care.models import ProgressSummary

from .factories import NOW, clinic_with_patient, give_consent, with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(monkeypatch):
    monkeypatch.setattr(tasks.deliver_summary_email, "delay", lambda summary_id: None)
    scene = with_history(clinic_with_patient())
    # The consent ends (13 March) before the link would expire (17 March).
    give_consent(scene.patient, valid_until=date(2027, 3, 12))
    summary, _ = services.summary_send(
        actor=scene.provider_user, clinic=scene.clinic, patient=scene.patient, idempotency_key="k"
    )
    summary.path = summary_link_url(summary).removeprefix("http://127.0.0.1:8000")
    summary.scene = scene
    return summary


@pytest.fixture
def browser():
    """The outside provider's browser: a CSRF token is needed, as in real life."""
    return Client(enforce_csrf_checks=True)


def _download(browser, path):
    page = browser.get(path)
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else browser.cookies["csrftoken"].value
    return browser.post(path, {"csrfmiddlewaretoken": token})


def _shows_nothing(response, summary):
    html = response.content.decode()
    assert summary.scene.patient.patient_profile.legal_name not in html
    assert "Download" not in html and "<form" not in html


def test_the_page_says_what_it_is_and_viewing_it_spends_nothing(shared, browser):
    for _ in range(2):  # a mail scanner, then the provider
        page = browser.get(shared.path)
        assert page.status_code == 200
        html = page.content.decode()
        assert "A document has been shared with you" in html and "Dr. Jane Moss" in html
        assert 'method="post"' in html and "csrfmiddlewaretoken" in html
        assert shared.scene.patient.patient_profile.legal_name not in html  # nothing about the patient
    assert page["Cache-Control"].startswith("max-age=0")
    shared.refresh_from_db()
    assert shared.first_viewed_at == NOW and shared.downloaded_at is None
    events = AuditEvent.objects.filter(via=f"summary_link:{shared.pk}", action="read")
    assert events.count() == 2 and all(event.actor_id is None for event in events)
    assert {event.patient_id for event in events} == {shared.scene.patient.pk}


def test_the_download_hands_over_the_pdf_once(shared, browser):
    download = _download(browser, shared.path)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and download.content == bytes(shared.pdf)
    assert 'filename="shared-document.pdf"' in download["Content-Disposition"]
    shared.refresh_from_db()
    assert shared.downloaded_at == NOW
    assert AuditEvent.objects.filter(via=f"summary_link:{shared.pk}", action="export").count() == 1

    again = _download(browser, shared.path)
    assert again.status_code == 410 and "already been downloaded" in again.content.decode()
    _shows_nothing(again, shared)
    assert AuditEvent.objects.filter(via=f"summary_link:{shared.pk}", action="export").count() == 1


def test_a_post_without_the_csrf_token_is_refused_and_spends_nothing(shared, browser):
    assert browser.post(shared.path).status_code == 403
    shared.refresh_from_db()
    assert shared.downloaded_at is None


def test_an_expired_link(shared, browser, pinned_clock):
    ProgressSummary.objects.filter(pk=shared.pk).update(link_expires_at=NOW + timedelta(days=1))
    pinned_clock.move_to(NOW + timedelta(days=1))
    for response in (browser.get(shared.path), Client().post(shared.path)):
        assert response.status_code == 410 and "This link has expired" in response.content.decode()
        _shows_nothing(response, shared)


@pytest.mark.parametrize("how", ["revoked", "changed", "lapsed"])
def test_a_link_dies_at_once_when_its_consent_ends(shared, browser, pinned_clock, how):
    patient = shared.scene.patient
    if how == "revoked":
        services.sharing_consent_revoke(actor=patient, patient=patient, consent=shared.consent)
    elif how == "changed":
        give_consent(patient, sections=["attendance"])
    else:
        pinned_clock.move_to(shared.consent.lapses_at)
        assert shared.consent.lapses_at < shared.link_expires_at  # the consent decides, not the expiry
    for response in (browser.get(shared.path), Client().post(shared.path)):
        assert response.status_code == 410 and "This link is no longer active" in response.content.decode()
        _shows_nothing(response, shared)
    shared.refresh_from_db()
    assert shared.downloaded_at is None


def test_an_unknown_link_tells_nothing(shared, browser):
    for response in (browser.get("/shared/not-a-real-token"), Client().post("/shared/not-a-real-token")):
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
        _shows_nothing(response, shared)
