"""Practitioner: a provider who works at the key's clinic, by their user id (as /api/v1 names them)."""

from .common import meta, present


def practitioner_resource(profile) -> dict:
    return present(
        resourceType="Practitioner",
        id=str(profile.user_id),
        meta=meta(profile.updated_at),
        active=profile.user.is_active,
        name=[{"text": profile.display_name}],
        qualification=[{"code": {"text": profile.credentials}}] if profile.credentials else [],
    )
