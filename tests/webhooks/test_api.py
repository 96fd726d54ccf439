"""The management API: who may use it, the endpoint's life (create with a secret shown once, change,
pause, rotate, delete), the URL rules (https, no private hosts) and the delivery log with its retry."""

import base64
import socket

import pytest
from rest_framework.test import APIClient

from apps.audit.models import AuditAction, AuditEvent
from apps.webhooks.delivery import deliveries_claim_due, deliveries_send
from apps.webhooks.events import TEST_EVENT
from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tests.clinics.factories import ClinicFactory, OrganizationAdminFactory
from tests.support.sign_in import sign_in

from .factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/clinics/{}/webhook-endpoints"
DETAIL = LIST + "/{}"
NEW = {"url": "https://hooks.example.com/in", "description": "EHR", "events": ["appointment.booked"]}


@pytest.fixture
def admin(clinic, staff_client_for):
    return staff_client_for(clinic)


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    """hooks.example.com resolves to a public address, without asking any DNS server."""
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        if host.endswith("example.com"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_an_admin_creates_an_endpoint_and_sees_its_secret_once(clinic, admin, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    response = admin.post(LIST.format(clinic.slug), NEW, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert len(base64.b64decode(body["secret"].removeprefix("whsec_"))) >= 24
    assert (body["url"], body["events"], body["is_active"]) == (NEW["url"], NEW["events"], True)
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.clinic, endpoint.created_by, endpoint.secret) == (clinic, admin.user, body["secret"])

    listed = admin.get(LIST.format(clinic.slug)).json()
    assert [each["id"] for each in listed] == [body["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in admin.get(DETAIL.format(clinic.slug, body["id"])).json()


def test_an_organization_admin_manages_the_clinics_endpoints(clinic):
    client = sign_in(APIClient(), OrganizationAdminFactory(organization=clinic.organization, user__mfa=True).user)
    assert client.post(LIST.format(clinic.slug), NEW, format="json").status_code == 201


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.com/in", "The URL must start with https://."),
        ("https://127.0.0.1/in", "The URL's host is a private, loopback or link-local address."),
        ("https://10.1.2.3/in", "The URL's host is a private, loopback or link-local address."),
        ("https://169.254.169.254/latest/meta-data", "The URL's host is a private, loopback or link-local address."),
        ("https://[::1]/in", "The URL's host is a private, loopback or link-local address."),
        ("https://[::ffff:127.0.0.1]/in", "The URL's host is a private, loopback or link-local address."),
        ("https://localhost/in", "The URL's host is a private, loopback or link-local address."),
        ("https://user:pw@hooks.example.com/in", "The URL may not carry a user name or password."),
    ],
)
def test_urls_that_would_reach_inside_the_network_are_refused(clinic, admin, settings, url, message):
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    response = admin.post(LIST.format(clinic.slug), {**NEW, "url": url}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"url": [message]}
    assert not WebhookEndpoint.objects.exists()


def test_a_name_that_resolves_to_a_private_address_later_is_not_sent_to(clinic, settings, monkeypatch):
    """Checked again before each send: DNS may change after the endpoint was saved."""
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    endpoint = WebhookEndpointFactory(clinic=clinic, url="https://internal.test/in")
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, 1, 6, "", ("10.0.0.5", 443))])
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type=TEST_EVENT, payload={}, due_at=clinic.created_at
    )
    token, ids = deliveries_claim_due(batch_size=10)
    assert deliveries_send(delivery_ids=ids, claim_token=token) == {delivery.pk: "retry"}
    delivery.refresh_from_db()
    assert delivery.last_error == "The URL's host is a private, loopback or link-local address."


def test_bad_input_answers_400_with_fields(clinic, admin):
    response = admin.post(LIST.format(clinic.slug), {"url": "not a url", "events": ["nope"]}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"url", "events.0"}
    assert admin.post(LIST.format(clinic.slug), {**NEW, "events": []}, format="json").status_code == 400


def test_update_pause_resume_and_delete(clinic, admin):
    endpoint = WebhookEndpointFactory(clinic=clinic)
    url = DETAIL.format(clinic.slug, endpoint.pk)
    response = admin.patch(url, {"is_active": False, "events": ["appointment.cancelled"]}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["is_active"], response.json()["events"]) == (False, ["appointment.cancelled"])
    assert response.json()["description"] == "Our EHR"  # left out: kept
    assert admin.patch(url, {"is_active": True}, format="json").json()["is_active"] is True

    pending = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type=TEST_EVENT, payload={}, due_at=endpoint.created_at
    )
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404
    assert admin.get(LIST.format(clinic.slug)).json() == []
    pending.refresh_from_db()
    assert (pending.status, pending.last_error) == (DeliveryStatus.FAILED, "The endpoint was deleted.")


def test_rotating_the_secret_shows_the_new_one(clinic, admin):
    endpoint = WebhookEndpointFactory(clinic=clinic)
    response = admin.post(DETAIL.format(clinic.slug, endpoint.pk) + "/secret")
    assert response.status_code == 201
    endpoint.refresh_from_db()
    assert response.json()["secret"] == endpoint.secret
    assert endpoint.secret_rotated_at is not None


def test_another_clinics_endpoint_answers_404(clinic, admin):
    elsewhere = WebhookEndpointFactory(clinic=ClinicFactory(organization=clinic.organization))
    delivery = WebhookDelivery.objects.create(
        endpoint=elsewhere, event_type=TEST_EVENT, payload={}, due_at=elsewhere.created_at
    )
    url = DETAIL.format(clinic.slug, elsewhere.pk)
    assert admin.get(url).status_code == 404
    assert admin.patch(url, {"is_active": False}, format="json").status_code == 404
    assert admin.delete(url).status_code == 404
    assert admin.post(url + "/secret").status_code == 404
    assert admin.post(url + "/test-events").status_code == 404
    assert admin.get(url + "/deliveries").status_code == 404
    assert admin.post(f"{url}/deliveries/{delivery.pk}/retries").status_code == 404
    # The other clinic's own slug: this admin is not staff there.
    assert admin.get(DETAIL.format(elsewhere.clinic.slug, elsewhere.pk)).status_code == 404
    mine = WebhookEndpointFactory(clinic=clinic)
    assert admin.post(f"{DETAIL.format(clinic.slug, mine.pk)}/deliveries/{delivery.pk}/retries").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active and elsewhere.deleted_at is None


@pytest.mark.parametrize("role", ["provider", "front_desk"])
def test_other_staff_are_told_webhooks_are_for_admins(clinic, staff_client_for, role):
    response = staff_client_for(clinic, role=role).get(LIST.format(clinic.slug))
    assert response.status_code == 403
    assert response.json()["message"] == "Webhooks are managed by the clinic's administrators."


def test_staff_without_two_factors_and_patients_are_refused(clinic, staff_client_for, patient_client):
    assert staff_client_for(clinic, mfa=False).get(LIST.format(clinic.slug)).json()["code"] == "mfa_required"
    assert patient_client.get(LIST.format(clinic.slug)).status_code == 403
    assert APIClient().get(LIST.format(clinic.slug)).status_code in (401, 403)


def test_a_test_event_is_logged_and_a_failed_delivery_retried_by_hand(
    clinic, admin, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpointFactory(clinic=clinic)
    url = DETAIL.format(clinic.slug, endpoint.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin.post(url + "/test-events")
    assert response.status_code == 201
    assert len(callbacks) == 1  # the sending task, queued once the delivery is committed
    assert (response.json()["event_type"], response.json()["status"]) == (TEST_EVENT, "pending")
    delivery = WebhookDelivery.objects.get()
    assert delivery.payload["data"] == {"endpoint_id": str(endpoint.pk), "clinic": clinic.slug}

    log = admin.get(url + "/deliveries").json()
    assert log["count"] == 1
    assert log["results"][0]["message_id"] == f"msg_{delivery.pk.hex}"
    assert log["results"][0]["next_attempt_at"] is not None

    retry = f"{url}/deliveries/{delivery.pk}/retries"
    assert admin.post(retry).json()["code"] == "webhook_delivery_not_retryable"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=8)
    response = admin.post(retry)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"]) == ("pending", 0)


def test_a_paused_endpoint_gets_no_test_event(clinic, admin):
    endpoint = WebhookEndpointFactory(clinic=clinic, is_active=False)
    response = admin.post(DETAIL.format(clinic.slug, endpoint.pk) + "/test-events")
    assert (response.status_code, response.json()["code"]) == (409, "webhook_endpoint_paused")
    assert not WebhookDelivery.objects.exists()


def test_a_url_with_a_port_out_of_range_is_refused_as_a_field_error(clinic, admin, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    response = admin.post(LIST.format(clinic.slug), {**NEW, "url": "https://example.com:99999/"}, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["fields"] == {"url": ["The URL's host or port is not valid."]}
    assert not WebhookEndpoint.objects.exists()

    endpoint = WebhookEndpointFactory(clinic=clinic)
    url = DETAIL.format(clinic.slug, endpoint.pk)
    response = admin.patch(url, {"url": "https://hooks.example.com:99999/in"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"url": ["The URL's host or port is not valid."]}
    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example.com/portal"


def test_every_change_to_an_endpoint_is_audited_with_its_actor(clinic, admin):
    created = admin.post(LIST.format(clinic.slug), NEW, format="json").json()
    url = DETAIL.format(clinic.slug, created["id"])
    assert admin.patch(url, {"description": "Billing"}, format="json").status_code == 200
    assert admin.post(url + "/secret").status_code == 201
    assert admin.post(url + "/test-events").status_code == 201
    WebhookDelivery.objects.update(status=DeliveryStatus.FAILED)
    delivery = WebhookDelivery.objects.get()
    assert admin.post(f"{url}/deliveries/{delivery.pk}/retries").status_code == 200
    assert admin.delete(url).status_code == 204
    trail = AuditEvent.objects.filter(object_type="webhooks.webhookendpoint").order_by("at", "id")
    assert [event.action for event in trail] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,  # the description
        AuditAction.UPDATE,  # the secret
        AuditAction.UPDATE,  # the test event
        AuditAction.UPDATE,  # the retry
        AuditAction.DELETE,
    ]
    assert {(event.object_id, event.actor_id, event.clinic_id) for event in trail} == {
        (created["id"], admin.user.pk, clinic.pk)
    }


def test_no_webhook_answer_may_be_cached(clinic, admin):
    created = admin.post(LIST.format(clinic.slug), NEW, format="json")
    url = DETAIL.format(clinic.slug, created.json()["id"])
    answers = [
        created,
        admin.post(url + "/secret"),
        admin.get(LIST.format(clinic.slug)),
        admin.get(url),
        admin.get(url + "/deliveries"),
        admin.get(DETAIL.format(clinic.slug, "00000000-0000-0000-0000-000000000000")),  # 404
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 200, 200, 200, 404]
    assert {answer["Cache-Control"] for answer in answers} == {"no-store"}
