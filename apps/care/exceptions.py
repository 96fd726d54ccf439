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


class ConsentVersionOutdated(Conflict):
    code = "consent_version_outdated"
    default_message = "A newer version of this document has been published. Please read and sign that one."


class ConsentTextMismatch(Conflict):
    code = "consent_text_mismatch"
    default_message = "The document you signed is not the one on file. Please reload it and sign again."


class ConsentAlreadySigned(Conflict):
    code = "consent_already_signed"
    default_message = "You have already signed this version of the document."


class ConsentVersionConflict(Conflict):
    code = "consent_version_conflict"
    default_message = "Another version of this document was published at the same moment. Please try again."


class LegalNameRequired(ApplicationError):
    code = "legal_name_required"
    default_message = "Please add your full legal name to your profile before signing."


class SignatureNameMismatch(ApplicationError):
    code = "signature_name_mismatch"
    default_message = "Please type your full legal name as it appears in your profile."


class SafetyAlertFailed(ApplicationError):
    """Answers that need a safety alert were not saved because the alert could not be raised. The
    response still carries the crisis resources (``extra["crisis"]``)."""

    code = "safety_alert_failed"
    status_code = 503
    default_message = (
        "We could not save your answers just now. If you are thinking about ending your life or hurting "
        "yourself, please reach out now using the resources below."
    )


class NoClinicToAlert(RuntimeError):
    """The portal has no active clinic to send a safety alert to."""


class AlertAlreadyAcknowledged(Conflict):
    code = "alert_already_acknowledged"
    default_message = "Someone has already acknowledged this alert."


class ProviderRequired(ApplicationError):
    code = "provider_required"
    default_message = "Name the provider of this clinic who is responsible."


class ConsultationNotAccepted(Conflict):
    code = "consultation_not_accepted"
    default_message = "A treatment plan needs an accepted consultation outcome at this clinic first."


class PlanExists(Conflict):
    code = "plan_exists"
    default_message = "This patient already has a current treatment plan; complete it before starting another."


class PlanCompleted(Conflict):
    code = "plan_completed"
    default_message = "A completed treatment plan cannot be changed."


class NoPlan(NotFound):
    code = "no_plan"
    default_message = "There is no treatment plan yet."


class NoEscort(NotFound):
    code = "no_escort"
    default_message = "No escort has been named yet."


class SessionNotOpen(Conflict):
    code = "session_not_open"


class SessionRecordCompleted(Conflict):
    code = "session_record_completed"
    default_message = "This session record was completed and can no longer be changed."


class SessionRecordIncomplete(ApplicationError):
    code = "session_record_incomplete"
    default_message = "Some of the session record still needs filling in before the session can be completed."


class NoSessionRecord(NotFound):
    code = "no_session_record"
    default_message = "No session record has been started for this session."


class SessionRecordRequired(Conflict):
    code = "session_record_required"
    default_message = "A dosing session is completed by completing its session record."


class AdjustmentReasonRequired(ApplicationError):
    code = "reason_required"
    default_message = "Say why the plan allows more: widening what can be booked is documented with a reason."
