"""Where an audited action came from, set once per request by ``AuditContextMiddleware``: services
are told only who acts (``actor``), and a background task, which has no client, records none."""

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


def client_ip() -> str | None:
    """The address of the client whose request is being served, if any."""
    return _client_ip.get()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # REMOTE_ADDR is the proxy's address in production; gunicorn is run with forwarded-allow-ips
        # so that it is the client's. X-Forwarded-For itself is never trusted here.
        token = _client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
