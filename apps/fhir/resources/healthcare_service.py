"""HealthcareService: a service the key's clinic offers (its slug is the code Slot searches use)."""

from .common import SERVICE_KIND_SYSTEM, SERVICE_SYSTEM, meta, present, reference


def healthcare_service_resource(service) -> dict:
    return present(
        resourceType="HealthcareService",
        id=str(service.pk),
        meta=meta(service.updated_at),
        identifier=[{"system": SERVICE_SYSTEM, "value": service.slug}],
        active=service.is_active,
        location=[reference("Location", service.clinic_id)],
        name=service.name,
        type=[
            {
                "coding": [
                    {"system": SERVICE_KIND_SYSTEM, "code": service.kind, "display": service.get_kind_display()}
                ],
                "text": service.get_kind_display(),
            }
        ],
        characteristic=[{"text": service.get_modality_display()}],
    )
