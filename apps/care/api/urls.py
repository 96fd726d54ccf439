from django.urls import path

from . import views

PATIENT = "clinics/<slug:clinic_slug>/patients/<uuid:patient_id>"
SESSION = "clinics/<slug:clinic_slug>/appointments/<uuid:appointment_id>"

urlpatterns = [
    path("clinics/<slug:clinic_slug>/patients", views.ClinicPatientListView.as_view(), name="clinic-patients"),
    path("intake", views.IntakeView.as_view(), name="intake"),
    path("intake/submission", views.IntakeSubmissionView.as_view(), name="intake-submission"),
    path(f"{PATIENT}/intake", views.ClinicPatientIntakeView.as_view(), name="clinic-patient-intake"),
    path("consents", views.ConsentListView.as_view(), name="consents"),
    path("consents/<int:document_id>/signatures", views.ConsentSignatureView.as_view(), name="consent-signatures"),
    path(f"{PATIENT}/consents", views.ClinicPatientConsentsView.as_view(), name="clinic-patient-consents"),
    path("assessments", views.AssessmentListView.as_view(), name="assessments"),
    path("assessments/instruments", views.InstrumentListView.as_view(), name="assessment-instruments"),
    path("assessments/trend", views.AssessmentTrendView.as_view(), name="assessment-trend"),
    path(f"{PATIENT}/assessments", views.ClinicPatientAssessmentListView.as_view(), name="clinic-patient-assessments"),
    path(
        f"{PATIENT}/assessments/trend",
        views.ClinicPatientAssessmentTrendView.as_view(),
        name="clinic-patient-assessment-trend",
    ),
    path(
        f"{PATIENT}/consultation-outcomes",
        views.ClinicPatientConsultationOutcomeListView.as_view(),
        name="clinic-patient-consultation-outcomes",
    ),
    path(f"{PATIENT}/plan", views.ClinicPatientPlanView.as_view(), name="clinic-patient-plan"),
    path("plan", views.PlanView.as_view(), name="plan"),
    path("escort", views.EscortView.as_view(), name="escort"),
    path(f"{PATIENT}/escort", views.ClinicPatientEscortView.as_view(), name="clinic-patient-escort"),
    path("clinics/<slug:clinic_slug>/alerts", views.ClinicAlertListView.as_view(), name="clinic-alerts"),
    path(
        "clinics/<slug:clinic_slug>/alerts/<int:alert_id>/acknowledge",
        views.ClinicAlertAcknowledgementView.as_view(),
        name="clinic-alert-acknowledge",
    ),
    path(f"{SESSION}/session-record", views.SessionRecordView.as_view(), name="clinic-session-record"),
    path(
        f"{SESSION}/session-record/completion",
        views.SessionRecordCompletionView.as_view(),
        name="clinic-session-record-completion",
    ),
]
