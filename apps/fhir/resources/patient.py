"""Patient: a patient registered with the key's clinic."""

from .common import meta, present


def patient_resource(user) -> dict:
    profile = getattr(user, "patient_profile", None)
    names, telecom, address = [], [{"system": "email", "value": user.email}], []
    updated_at = user.date_joined
    birth_date = None
    if profile is not None:
        updated_at = profile.updated_at
        if profile.legal_name:
            names.append({"use": "official", "text": profile.legal_name})
        if profile.preferred_name:
            names.append({"use": "usual", "given": [profile.preferred_name]})
        if profile.phone:
            telecom.append({"system": "phone", "value": str(profile.phone)})
        if profile.region:
            country, _, state = profile.region.partition("-")
            address.append({"state": state, "country": country})
        birth_date = profile.date_of_birth.isoformat() if profile.date_of_birth else None
    return present(
        resourceType="Patient",
        id=str(user.pk),
        meta=meta(updated_at),
        active=user.is_active,
        name=names,
        telecom=telecom,
        birthDate=birth_date,
        address=address,
    )
