from django.urls import path

from . import views

urlpatterns = [
    path("clinics/<slug:clinic_slug>/api-keys", views.APIKeyListView.as_view(), name="clinic-api-keys"),
    path(
        "clinics/<slug:clinic_slug>/api-keys/<uuid:key_id>/revocation",
        views.APIKeyRevocationView.as_view(),
        name="clinic-api-key-revocation",
    ),
]
