"""The Idempotency-Key header: how a client makes a retried or double-clicked write return the first
result instead of doing it twice. One rule for what a key may be, wherever a write takes one."""

from .exceptions import ApplicationError

HEADER = "Idempotency-Key"


class IdempotencyKeyRequired(ApplicationError):
    code = "idempotency_key_required"
    default_message = "Send an Idempotency-Key header (any unique string, e.g. a UUID) with this request."


def idempotency_key_from(request, *, required: bool = False) -> str | None:
    """The request's key; None when it sent none, which a ``required`` write refuses. A key that is not
    1 to 255 printable ASCII characters is an input error on the header."""
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        if required:
            raise IdempotencyKeyRequired()
        return None
    if len(key) > 255 or not key.isascii() or not key.isprintable():
        message = "Use 1 to 255 printable ASCII characters."
        raise ApplicationError("The Idempotency-Key header is not valid.", fields={HEADER: [message]})
    return key
