"""Where the portal may send a webhook: an https URL (http only where ``WEBHOOK_ALLOW_HTTP`` says so)
whose host resolves only to public addresses (``WEBHOOK_ALLOW_PRIVATE_HOSTS`` relaxes this for local
development and tests). Checked when an endpoint is saved and again before every send, since what a
name resolves to can change after it was registered."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from .errors import DestinationRefused


def destination_check(url: str) -> None:
    """Raise ``DestinationRefused`` (with the reason) unless the portal may send to ``url``."""
    parts = urlsplit(url)
    allowed_schemes = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed_schemes:
        raise DestinationRefused("The URL must start with https://.")
    if not parts.hostname:
        raise DestinationRefused("The URL has no host.")
    if parts.username or parts.password:
        raise DestinationRefused("The URL may not carry a user name or password.")
    if not settings.WEBHOOK_ALLOW_PRIVATE_HOSTS:
        _ensure_public(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def _ensure_public(host: str, port: int) -> None:
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError) as error:
        raise DestinationRefused("The URL's host could not be found.") from error
    if not all(_is_public(address) for address in resolved):
        raise DestinationRefused("The URL's host is a private, loopback or link-local address.")


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    # ::ffff:127.0.0.1 is 127.0.0.1 (Python 3.11 calls the mapped form global).
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
