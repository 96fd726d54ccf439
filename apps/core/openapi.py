"""Every API operation answers errors in one documented shape (apps.core.exceptions): the schema says
so for each operation, so clients and the fuzzing tests know every status code the API may answer."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer: a stable code, a plain-language message, and field errors for input.",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["code", "message"],
    "additionalProperties": True,
}
ERROR_STATUSES = {
    "400": "The input is not valid (see `fields`).",
    "401": "The session ended (signed out after inactivity).",
    "403": "Not signed in, not allowed, or two-factor authentication is required (`mfa_required`).",
    "404": "Not found, or outside the caller's reach.",
    "405": "The method is not allowed here.",
    "409": "The request conflicts with the current state (e.g. `slot_taken`).",
    "415": "The body is not JSON.",
    "422": "An idempotency key was reused with a different request.",
    "503": "A service the request needs is not available (the answer says which).",
}


def document_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {"description": description, **error})
    return result
