"""Where the portal may send a webhook: an https URL (http only where ``WEBHOOK_ALLOW_HTTP`` says so)
whose host resolves only to public addresses (``WEBHOOK_ALLOW_PRIVATE_HOSTS`` relaxes this for local
development and tests). Checked when an endpoint is saved and again before every send, since what a
name resolves to can change after it was registered.

At send time the name is resolved once, every address it gives is checked, and the POST connects to
the first of them (``Destination.url``): a name that answers a public address to the check and a
private one a moment later (DNS rebinding) never gets a second lookup to change its answer."""

import ipaddress
import socket
import threading
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from django.conf import settings

from .errors import DestinationRefused

DEFAULT_PORTS = {"https": 443, "http": 80}


@dataclass(frozen=True)
class Destination:
    """Where to connect: ``url`` has the checked address for host; ``hostname`` is the name the
    receiver knows itself by (the ``Host`` header, TLS's SNI and certificate check)."""

    url: str
    hostname: str
    host_header: str


def destination_check(url: str) -> None:
    """Raise ``DestinationRefused`` (with the reason) unless the portal may send to ``url``."""
    _, hostname, port = _checked_parts(url)
    if not settings.WEBHOOK_ALLOW_PRIVATE_HOSTS:
        _ensure_public(_resolve(hostname, port))


def destination_resolve(url: str) -> Destination:
    """``url`` resolved once and checked, for one POST; ``DestinationRefused`` if it may not be sent to."""
    parts, hostname, port = _checked_parts(url)
    addresses = _resolve(hostname, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE_HOSTS:
        _ensure_public(addresses)
    address = addresses[0].split("%")[0]
    literal = f"[{address}]" if ":" in address else address
    explicit_port = f":{parts.port}" if parts.port else ""
    pinned = urlunsplit((parts.scheme, literal + explicit_port, parts.path or "/", parts.query, ""))
    return Destination(url=pinned, hostname=hostname, host_header=hostname + explicit_port)


def _checked_parts(url: str) -> tuple[SplitResult, str, int]:
    parts = urlsplit(url)
    allowed_schemes = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed_schemes:
        raise DestinationRefused("The URL must start with https://.")
    if not parts.hostname:
        raise DestinationRefused("The URL has no host.")
    if parts.username or parts.password:
        raise DestinationRefused("The URL may not carry a user name or password.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
        hostname = parts.hostname.encode("idna").decode("ascii")
    except ValueError as error:  # a port out of range or not a number; a name IDNA cannot encode
        raise DestinationRefused("The URL's host or port is not valid.") from error
    return parts, hostname, port


def _resolve(host: str, port: int) -> list[str]:
    """The host's addresses, in the resolver's order of preference, within the connect timeout: the
    system resolver has no timeout of its own, so it runs in a thread that is left behind if it hangs."""
    found: list = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP))
        except (OSError, UnicodeError) as error:
            found.append(error)

    resolver = threading.Thread(target=lookup, daemon=True)
    resolver.start()
    resolver.join(settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS)
    if not found or isinstance(found[0], Exception) or not found[0]:
        raise DestinationRefused("The URL's host could not be found.")
    return list(dict.fromkeys(info[4][0] for info in found[0]))


def _ensure_public(addresses: list[str]) -> None:
    if not all(_is_public(address) for address in addresses):
        raise DestinationRefused("The URL's host is a private, loopback or link-local address.")


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    # ::ffff:127.0.0.1 is 127.0.0.1 (Python 3.11 calls the mapped form global).
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
