"""Refusals of the FHIR API, each answered as an ``OperationOutcome`` with its HTTP status."""


class FhirError(Exception):
    status = 400
    # The OperationOutcome issue's code (http://hl7.org/fhir/issue-type).
    issue_code = "invalid"
    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)

    def headers(self) -> dict[str, str]:
        """Headers the answer carries besides the OperationOutcome."""
        return {}


class NotAuthenticated(FhirError):
    status = 401
    issue_code = "login"
    default_message = "Send a valid API key of the clinic: Authorization: Bearer <key>."

    def __init__(self, message: str | None = None, *, token_sent: bool = False):
        super().__init__(message)
        self.token_sent = token_sent

    def headers(self) -> dict[str, str]:
        # RFC 6750 section 3: the challenge names the scheme; a token that was sent and refused is
        # "invalid_token", a request without one gets no error code.
        challenge = 'Bearer realm="fhir", error="invalid_token"' if self.token_sent else 'Bearer realm="fhir"'
        return {"WWW-Authenticate": challenge}


class ScopeMissing(FhirError):
    status = 403
    issue_code = "forbidden"


class ResourceNotFound(FhirError):
    status = 404
    issue_code = "not-found"
    default_message = "No such resource."


class ServerFault(FhirError):
    """A fault of the server itself (a bug): answered in FHIR's shape all the same."""

    status = 500
    issue_code = "exception"
    default_message = "The server could not answer this request. Please try again later."


class BadSearch(FhirError):
    """A search parameter the server does not know, or a value it cannot read."""


class Unavailable(FhirError):
    status = 503
    issue_code = "transient"
    default_message = "The server is briefly unavailable. Please try again in a moment."


def operation_outcome(error: FhirError) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": error.issue_code, "diagnostics": error.message}],
    }


class MethodNotAllowed(FhirError):
    status = 405
    issue_code = "not-supported"
    default_message = "This server only reads: use GET."


class UnsupportedType(FhirError):
    status = 404
    issue_code = "not-supported"
