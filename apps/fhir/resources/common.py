"""Pieces every resource uses: instants with their offset, references, meta, the code systems."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

LOINC = "http://loinc.org"
# The portal's own identifiers, named under its address (a system must be a URI).
SERVICE_SYSTEM = f"{settings.PORTAL_BASE_URL}/fhir/R4/CodeSystem/service"
SERVICE_KIND_SYSTEM = f"{settings.PORTAL_BASE_URL}/fhir/R4/CodeSystem/service-kind"
TIMEZONE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/timezone"
# The largest id a database column holds: a larger one would overflow the query rather than miss.
LARGEST_ID = 2**63 - 1


def instant(at: datetime, zone: ZoneInfo | None = None) -> str:
    """An instant with its offset: in the clinic's zone when given (what a reader there expects to
    see, unambiguous on daylight-saving days), else UTC."""
    return at.astimezone(zone or UTC).isoformat(timespec="seconds")


def reference(resource_type: str, resource_id, display: str = "") -> dict:
    ref = {"reference": f"{resource_type}/{resource_id}"}
    if display:
        ref["display"] = display
    return ref


def meta(updated_at: datetime) -> dict:
    return {"lastUpdated": instant(updated_at)}


def present(**fields) -> dict:
    """The fields that have a value: FHIR forbids empty strings and empty lists."""
    return {name: value for name, value in fields.items() if value not in (None, "", [], {})}


def service_type(service) -> dict:
    return {"coding": [{"system": SERVICE_SYSTEM, "code": service.slug, "display": service.name}], "text": service.name}
