"""The one-time link's token. The row keeps a random nonce and the SHA-256 of the token; the token
itself is an HMAC of the summary's id and nonce under the secret key. So the worker that sends the
e-mail (later, perhaps after a retry) can derive it again, while the database alone cannot make a
working link, and a link is looked up by the hash of what was presented."""

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac

SALT = "apps.outside_care.summary_link"


def new_nonce() -> str:
    return secrets.token_hex(16)


def link_token(*, summary_id, nonce: str) -> str:
    digest = salted_hmac(SALT, f"{summary_id}:{nonce}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
