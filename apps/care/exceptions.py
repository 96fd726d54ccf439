"""Refusals of the care pathway, each with a stable code the SPA can act on."""

from apps.core.exceptions import ApplicationError, Conflict, Forbidden, NotFound


class PatientsOnly(Forbidden):
    code = "patients_only"
    default_message = "This part of the portal is for patients."


class ClinicalRoleRequired(Forbidden):
    code = "clinical_role_required"
    default_message = "Only providers and clinic admins may do this."


class IntakeNotStarted(NotFound):
    code = "intake_not_started"
    default_message = "You have not started your intake yet."


class IntakeAlreadySubmitted(Conflict):
    code = "intake_already_submitted"
    default_message = "Your intake has already been submitted and can no longer be changed."


class IntakeIncomplete(ApplicationError):
    code = "intake_incomplete"
    default_message = "Some questions still need an answer before you can submit."


class IntakeNotSubmitted(NotFound):
    code = "intake_not_submitted"
    default_message = "This patient has not submitted an intake yet."
