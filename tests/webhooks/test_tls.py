"""The POST connects to the checked address but speaks TLS as the URL's name: a real https receiver
on 127.0.0.1, with a certificate for ``hooks.tls.test`` from a test authority the sender is made to
trust. The name is what SNI asks for and what the certificate is checked against."""

import socket
import ssl
from datetime import UTC, datetime, timedelta

import pytest
import requests.adapters
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from apps.core import clock
from apps.webhooks.models import WebhookDelivery

from .factories import WebhookEndpointFactory
from .receiver import start_receiver
from .test_delivery import beat

pytestmark = pytest.mark.django_db

NAME = "hooks.tls.test"


def _certificate(subject: str, key, issuer_name: x509.Name, issuer_key, *, authority: bool) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
    )
    if not authority:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch, settings):
    authority_key = ec.generate_private_key(ec.SECP256R1())
    authority_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Portal test authority")])
    authority = _certificate("Portal test authority", authority_key, authority_name, authority_key, authority=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _certificate(NAME, server_key, authority_name, authority_key, authority=False)
    (tmp_path / "ca.pem").write_bytes(authority.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.pem").write_bytes(
        server.public_bytes(serialization.Encoding.PEM)
        + server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem")
    asked_for: list[str | None] = []
    context.sni_callback = lambda connection, name, _context: asked_for.append(name)
    # The sender trusts the test authority in place of the public ones (requests' bundle).
    monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", str(tmp_path / "ca.pem"))
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *args, **kwargs: real("127.0.0.1" if host.endswith(".tls.test") else host, *args, **kwargs),
    )
    settings.WEBHOOK_ALLOW_HTTP = False
    receiver, http_server = start_receiver(tls=context)
    yield receiver, asked_for
    http_server.shutdown()
    http_server.server_close()


def _delivery_to(clinic, url: str) -> WebhookDelivery:
    endpoint = WebhookEndpointFactory(clinic=clinic, url=url)
    return WebhookDelivery.objects.create(endpoint=endpoint, event_type="webhook.test", payload={}, due_at=clock.now())


def test_tls_is_spoken_to_the_checked_address_as_the_urls_name(clinic, tls_receiver):
    receiver, asked_for = tls_receiver
    port = receiver.url.rsplit(":", 1)[1].split("/")[0]
    delivery = _delivery_to(clinic, f"https://{NAME}:{port}/hooks")
    assert beat() == {delivery.pk: "delivered"}
    [request] = receiver.received
    assert request.headers["host"] == f"{NAME}:{port}"
    assert asked_for == [NAME]  # SNI


def test_a_certificate_for_another_name_is_refused(clinic, tls_receiver):
    receiver, _ = tls_receiver
    port = receiver.url.rsplit(":", 1)[1].split("/")[0]
    delivery = _delivery_to(clinic, f"https://other.tls.test:{port}/hooks")
    assert beat() == {delivery.pk: "retry"}
    assert receiver.received == []
    delivery.refresh_from_db()
    assert delivery.last_error == "Could not connect: SSLError."
