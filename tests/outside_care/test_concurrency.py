"""Races decided by the database, with real concurrent connections (PostgreSQL)."""

import pytest

from apps.core.clock import now
from apps.core.exceptions import ApplicationError
from apps.outside_care import services, tasks
from apps.outside_care.emails import summary_link_url
from apps.outside_care.links import SummaryLinkClosed, check_link_open
from apps.outside_care.models import ProgressSummary
from apps.outside_care.selectors import LinkState
from tests.care.test_concurrency import race

from .factories import clinic_with_patient, give_consent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(tasks.deliver_summary_email, "delay", lambda summary_id: None)


def test_a_send_double_submitted_at_once_makes_one_summary():
    scene = clinic_with_patient()
    give_consent(scene.patient)
    made = []

    def send():
        summary, _ = services.summary_send(
            actor=scene.provider_user, clinic=scene.clinic, patient=scene.patient, idempotency_key="double-click"
        )
        made.append(summary.pk)

    assert race(send, send) == ["ok", "ok"]
    assert ProgressSummary.objects.count() == 1
    assert made[0] == made[1]


class LinkRefused(ApplicationError):
    """A closed link as ``race`` counts outcomes: by its state."""

    def __init__(self, closed: SummaryLinkClosed):
        super().__init__(closed.explanation)
        self.code = closed.state.value


def test_a_revocation_racing_a_send_never_leaves_a_live_link_behind():
    scene = clinic_with_patient()
    consent = give_consent(scene.patient)
    outcomes = race(
        lambda: services.summary_send(
            actor=scene.provider_user, clinic=scene.clinic, patient=scene.patient, idempotency_key="k"
        ),
        lambda: services.sharing_consent_revoke(actor=scene.patient, patient=scene.patient, consent=consent),
    )
    assert outcomes in (["ok", "ok"], ["no_sharing_consent", "ok"])
    summaries = list(ProgressSummary.objects.all())
    assert len(summaries) == (1 if outcomes == ["ok", "ok"] else 0)
    for summary in summaries:  # made first: its link died with the consent
        with pytest.raises(SummaryLinkClosed) as closed:
            check_link_open(summary, at=now())
        assert closed.value.state == LinkState.REVOKED


def test_two_downloads_at_once_hand_the_pdf_over_once():
    scene = clinic_with_patient()
    give_consent(scene.patient)
    summary, _ = services.summary_send(
        actor=scene.provider_user, clinic=scene.clinic, patient=scene.patient, idempotency_key="k"
    )
    token = summary_link_url(summary).rsplit("/", 1)[1]

    def download():
        try:
            services.summary_link_download(token=token)
        except SummaryLinkClosed as closed:
            raise LinkRefused(closed) from closed

    assert race(download, download) == ["downloaded", "ok"]
