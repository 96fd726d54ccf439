from django.urls import path

from . import views

PATIENT = "clinics/<slug:clinic_slug>/patients/<uuid:patient_id>"

urlpatterns = [
    path("intake", views.IntakeView.as_view(), name="intake"),
    path("intake/submission", views.IntakeSubmissionView.as_view(), name="intake-submission"),
    path(f"{PATIENT}/intake", views.ClinicPatientIntakeView.as_view(), name="clinic-patient-intake"),
]
