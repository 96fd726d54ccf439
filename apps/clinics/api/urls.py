from django.urls import path

from . import views

urlpatterns = [
    path("me", views.MeView.as_view(), name="me"),
    path("clinics", views.ClinicListView.as_view(), name="clinic-list"),
    path("clinics/<slug:clinic_slug>", views.ClinicDetailView.as_view(), name="clinic-detail"),
    path("clinics/<slug:clinic_slug>/staff", views.ClinicStaffListView.as_view(), name="clinic-staff"),
    path(
        "clinics/<slug:clinic_slug>/patients/<uuid:patient_id>",
        views.ClinicPatientDetailView.as_view(),
        name="clinic-patient-detail",
    ),
]
