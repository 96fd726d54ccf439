"""Schedule: a provider's time at the key's clinic (one per membership), whose Slots are free times."""

from .common import meta, reference


def schedule_resource(membership) -> dict:
    profile = membership.user.provider_profile
    return {
        "resourceType": "Schedule",
        "id": str(membership.pk),
        "meta": meta(membership.updated_at),
        "active": membership.is_active and membership.user.is_active,
        "actor": [
            reference("Practitioner", membership.user_id, profile.display_name),
            reference("Location", membership.clinic_id),
        ],
    }
