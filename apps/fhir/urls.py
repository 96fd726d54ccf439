from django.urls import path

from . import views

# Mounted at /fhir/R4/ (portal/urls.py). The Slot routes come first: Slots are computed, not stored.
urlpatterns = [
    path("metadata", views.metadata, name="fhir-metadata"),
    path("Slot", views.slot_search, name="fhir-slot-search"),
    path("Slot/<str:slot_id>", views.slot_read, name="fhir-slot-read"),
    path("<str:resource_type>", views.search, name="fhir-search"),
    path("<str:resource_type>/<str:resource_id>", views.read, name="fhir-read"),
]
