"""The CapabilityStatement (GET /fhir/R4/metadata): what this server reads, how to search it, and how
to authenticate. Written from the same tables the views use."""

from django.conf import settings

from .catalog import KINDS
from .free_slots import SLOT_PARAMETERS
from .scopes import ALL_READ, RESOURCE_TYPES, scope_for

SECURITY = (
    "Every request but this one needs one of the clinic's API keys, sent as a bearer token "
    "(Authorization: Bearer <key>). A clinic admin makes keys in the clinic console (API keys), each "
    f"with SMART system scopes: {scope_for('<Type>')} for one resource type, or {ALL_READ} for all. "
    "A key reads only its own clinic's data; anything else answers 404. No key or an invalid, expired or "
    "revoked one answers 401; a missing scope 403."
)
PAGING = (
    f"Searches answer a searchset Bundle with its total, {settings.FHIR_DEFAULT_COUNT} entries by default "
    f"and at most {settings.FHIR_MAX_COUNT} (_count); follow its next and previous links (an opaque _cursor). "
    "A search parameter the server does not support is refused with 400, never ignored."
)
# When this statement last changed in substance; a fixed date, so that the answer does not change.
RELEASED = "2026-12-08"


def _resource(resource_type: str) -> dict:
    if resource_type == "Slot":
        parameters = [(name, kind, text) for name, (kind, text) in SLOT_PARAMETERS.items()]
        documentation = "Free times from the slot engine (as /api/v1/clinics/<slug>/availability shows staff)."
    else:
        kind = KINDS[resource_type]
        parameters = [(parameter.name, parameter.type, parameter.documentation) for parameter in kind.parameters]
        documentation = kind.notes
    parameters += [
        (
            "_count",
            "number",
            f"Entries per page (default {settings.FHIR_DEFAULT_COUNT}, at most {settings.FHIR_MAX_COUNT}).",
        ),
    ]
    resource = {
        "type": resource_type,
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [{"name": name, "type": kind, "documentation": text} for name, kind, text in parameters],
    }
    if documentation:
        resource["documentation"] = documentation
    return resource


def capability_statement(request) -> dict:
    base = request.build_absolute_uri("/fhir/R4")
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": RELEASED,
        "kind": "instance",
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json"],
        "implementation": {"description": "The clinic portal's FHIR R4 read API", "url": base},
        "rest": [
            {
                "mode": "server",
                "documentation": PAGING,
                "security": {
                    # Not SMART's OAuth flow: the clinic's own keys, with SMART's scope names.
                    "service": [{"text": "API keys as bearer tokens, with SMART system scopes"}],
                    "description": SECURITY,
                },
                "resource": [_resource(resource_type) for resource_type in RESOURCE_TYPES],
            }
        ],
    }
