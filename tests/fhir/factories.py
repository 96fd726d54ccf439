from apps.fhir.scopes import ALL_READ
from apps.fhir.services import api_key_create
from tests.accounts.factories import StaffUserFactory


def make_api_key(clinic, scopes=(ALL_READ,), *, expires_on=None, name="EHR sync"):
    """A key of ``clinic`` made as its admin would; returns (key, the secret to send)."""
    made = api_key_create(
        clinic=clinic, name=name, scopes=list(scopes), expires_on=expires_on, actor=StaffUserFactory(mfa=False)
    )
    return made.key, made.secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
