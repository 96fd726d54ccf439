from django.urls import path

from . import views

PATIENT = "clinics/<slug:clinic_slug>/outside-care/patients/<uuid:patient_id>"

urlpatterns = [
    path("me/outside-care", views.OutsideCareView.as_view(), name="outside-care"),
    path("me/outside-care/provider", views.OutsideProviderView.as_view(), name="outside-care-provider"),
    path("me/outside-care/consent-wording", views.ConsentWordingView.as_view(), name="outside-care-consent-wording"),
    path("me/outside-care/consents", views.ConsentListView.as_view(), name="outside-care-consents"),
    path(
        "me/outside-care/consents/<uuid:sharing_consent_id>/revocation",
        views.ConsentRevocationView.as_view(),
        name="outside-care-consent-revocation",
    ),
    path(
        "clinics/<slug:clinic_slug>/outside-care/patients",
        views.ClinicSharingPatientsView.as_view(),
        name="clinic-outside-care-patients",
    ),
    path(f"{PATIENT}/summary-preview", views.SummaryPreviewView.as_view(), name="clinic-outside-care-summary-preview"),
    path(f"{PATIENT}/summaries", views.SummaryListView.as_view(), name="clinic-outside-care-summaries"),
]
