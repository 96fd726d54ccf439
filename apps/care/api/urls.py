from django.urls import path

from .views import assessments, consents, intake, patients, plans, sessions

PATIENT = "clinics/<slug:clinic_slug>/patients/<uuid:patient_id>"
SESSION = "clinics/<slug:clinic_slug>/appointments/<uuid:appointment_id>"

urlpatterns = [
    path("clinics/<slug:clinic_slug>/patients", patients.ClinicPatientListView.as_view(), name="clinic-patients"),
    path("intake", intake.IntakeView.as_view(), name="intake"),
    path("intake/submission", intake.IntakeSubmissionView.as_view(), name="intake-submission"),
    path(f"{PATIENT}/intake", intake.ClinicPatientIntakeView.as_view(), name="clinic-patient-intake"),
    path("consents", consents.ConsentListView.as_view(), name="consents"),
    path("consents/<int:document_id>/signatures", consents.ConsentSignatureView.as_view(), name="consent-signatures"),
    path(f"{PATIENT}/consents", consents.ClinicPatientConsentsView.as_view(), name="clinic-patient-consents"),
    path("assessments", assessments.AssessmentListView.as_view(), name="assessments"),
    path("assessments/instruments", assessments.InstrumentListView.as_view(), name="assessment-instruments"),
    path("assessments/trend", assessments.AssessmentTrendView.as_view(), name="assessment-trend"),
    path(
        f"{PATIENT}/assessments",
        assessments.ClinicPatientAssessmentListView.as_view(),
        name="clinic-patient-assessments",
    ),
    path(
        f"{PATIENT}/assessments/trend",
        assessments.ClinicPatientAssessmentTrendView.as_view(),
        name="clinic-patient-assessment-trend",
    ),
    path(
        f"{PATIENT}/consultation-outcomes",
        plans.ClinicPatientConsultationOutcomeListView.as_view(),
        name="clinic-patient-consultation-outcomes",
    ),
    path(f"{PATIENT}/plan", plans.ClinicPatientPlanView.as_view(), name="clinic-patient-plan"),
    path("plan", plans.PlanView.as_view(), name="plan"),
    path("escort", sessions.EscortView.as_view(), name="escort"),
    path(f"{PATIENT}/escort", sessions.ClinicPatientEscortView.as_view(), name="clinic-patient-escort"),
    path("clinics/<slug:clinic_slug>/alerts", assessments.ClinicAlertListView.as_view(), name="clinic-alerts"),
    path(
        "clinics/<slug:clinic_slug>/alerts/<int:alert_id>/acknowledge",
        assessments.ClinicAlertAcknowledgementView.as_view(),
        name="clinic-alert-acknowledge",
    ),
    path(f"{SESSION}/session-record", sessions.SessionRecordView.as_view(), name="clinic-session-record"),
    path(
        f"{SESSION}/session-record/completion",
        sessions.SessionRecordCompletionView.as_view(),
        name="clinic-session-record-completion",
    ),
]
