"""Refusals of the outside care team's sharing, each with a stable code."""

from apps.core.exceptions import Conflict, NotFound


class NoOutsideProvider(Conflict):
    code = "no_outside_provider"
    default_message = "Add your outside provider before giving consent to share with them."


class ConsentWordingMismatch(Conflict):
    code = "consent_wording_mismatch"
    default_message = "The wording you agreed to is not the one for these choices. Please review it and agree again."


class ConsentVersionConflict(Conflict):
    code = "sharing_consent_conflict"
    default_message = "Your consent was changed at the same moment elsewhere. Please reload and try again."


class ConsentAlreadyRevoked(Conflict):
    code = "sharing_consent_already_revoked"
    default_message = "This consent has already been revoked."


class ConsentNotLive(Conflict):
    code = "no_sharing_consent"
    default_message = (
        "The patient has no current consent to share with their outside provider (none given, revoked or lapsed)."
    )


class SharingConsentNotFound(NotFound):
    code = "not_found"
    default_message = "No such consent."
