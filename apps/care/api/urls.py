from django.urls import path

from . import views

PATIENT = "clinics/<slug:clinic_slug>/patients/<uuid:patient_id>"

urlpatterns = [
    path("intake", views.IntakeView.as_view(), name="intake"),
    path("intake/submission", views.IntakeSubmissionView.as_view(), name="intake-submission"),
    path(f"{PATIENT}/intake", views.ClinicPatientIntakeView.as_view(), name="clinic-patient-intake"),
    path("consents", views.ConsentListView.as_view(), name="consents"),
    path("consents/<int:document_id>/signatures", views.ConsentSignatureView.as_view(), name="consent-signatures"),
    path(f"{PATIENT}/consents", views.ClinicPatientConsentsView.as_view(), name="clinic-patient-consents"),
]
