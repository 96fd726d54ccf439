"""Webhooks in the browser: a clinic admin (with two factors) adds an endpoint that points at a real
receiver on 127.0.0.1, keeps the secret shown once, sends a test event and, once the outbox has run,
sees it delivered in the endpoint's log; the receiver checks the signature with that secret. Every
screen is scanned with axe at both widths."""

import re

import pytest
from playwright.sync_api import expect
from standardwebhooks.webhooks import Webhook

from apps.webhooks.delivery import deliveries_claim_due, deliveries_send
from tests.clinics.factories import ClinicFactory
from tests.e2e.test_console import sign_in as sign_in_with_two_factors
from tests.e2e.test_console import staff_at
from tests.webhooks.receiver import start_receiver

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def run_the_outbox() -> None:
    """What beat and a worker do: claim the due deliveries and send them."""
    token, ids = deliveries_claim_due(batch_size=10)
    assert ids, "a delivery was due"
    deliveries_send(delivery_ids=ids, claim_token=token)


@pytest.mark.viewports("desktop", "phone")
def test_an_admin_adds_an_endpoint_sends_a_test_event_and_sees_it_delivered(page, check_screen, receiver):
    clinic = ClinicFactory(name="Evergreen Boulder", timezone="America/Denver")
    admin = staff_at(clinic, "clinic_admin")

    sign_in_with_two_factors(page, admin)
    page.goto(f"/clinic/{clinic.slug}/schedule")
    page.get_by_role("navigation", name="Clinic console").get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    expect(page.get_by_text("No endpoints yet.")).to_be_visible()
    check_screen(page, "console-webhooks-empty")

    page.get_by_role("button", name="Add endpoint").click()
    dialog = page.get_by_role("dialog", name="Add an endpoint")
    dialog.get_by_label("URL").fill(receiver.url)
    dialog.get_by_label("Description").fill("Our EHR")
    dialog.get_by_label("An appointment is booked").check()
    dialog.get_by_label("An appointment is cancelled").check()
    check_screen(page, "console-webhooks-add")
    dialog.get_by_role("button", name="Add endpoint").click()

    shown = page.get_by_role("dialog", name="Signing secret")
    secret = shown.get_by_label("Signing secret").inner_text().strip()
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/=]{40,}", secret)
    check_screen(page, "console-webhooks-secret")
    shown.get_by_role("button", name="Done").click()

    card = page.get_by_role("article", name=receiver.url)
    expect(card).to_contain_text("Sends: An appointment is booked; An appointment is cancelled.")
    card.get_by_role("button", name="Send test event").click()
    log = card.get_by_role("region", name=f"Deliveries to {receiver.url}")
    expect(log.get_by_role("row", name=re.compile("Test event"))).to_contain_text("Waiting")
    page.wait_for_load_state("networkidle")

    run_the_outbox()
    card.get_by_role("button", name="Refresh").click()
    row = log.get_by_role("row", name=re.compile("Test event"))
    expect(row).to_contain_text("Delivered")
    expect(row).to_contain_text("HTTP 204")
    check_screen(page, "console-webhooks-log")

    [request] = receiver.received
    payload = Webhook(secret).verify(request.body, request.headers)
    assert payload["type"] == "webhook.test"
    assert payload["data"]["clinic"] == clinic.slug
    assert page.console_errors == []
