"""Location: the key's clinic, with its IANA time zone (the standard timezone extension)."""

from .common import TIMEZONE_EXTENSION, meta, present


def location_resource(clinic) -> dict:
    country, _, state = clinic.region.partition("-")
    return present(
        resourceType="Location",
        id=str(clinic.pk),
        meta=meta(clinic.updated_at),
        extension=[{"url": TIMEZONE_EXTENSION, "valueCode": clinic.timezone}],
        status="active" if clinic.is_active else "inactive",
        name=clinic.name,
        mode="instance",
        telecom=[{"system": "phone", "value": str(clinic.phone)}],
        address=present(
            use="work",
            line=[line for line in (clinic.address_line1, clinic.address_line2) if line],
            city=clinic.city,
            state=state,
            postalCode=clinic.postal_code,
            country=country,
        ),
    )
