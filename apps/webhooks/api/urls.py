from django.urls import path

from . import views

ENDPOINT = "clinics/<slug:clinic_slug>/webhook-endpoints/<uuid:endpoint_id>"

urlpatterns = [
    path("clinics/<slug:clinic_slug>/webhook-endpoints", views.EndpointListView.as_view(), name="webhook-endpoints"),
    path(ENDPOINT, views.EndpointDetailView.as_view(), name="webhook-endpoint-detail"),
    path(f"{ENDPOINT}/secret", views.EndpointSecretView.as_view(), name="webhook-endpoint-secret"),
    path(f"{ENDPOINT}/test-events", views.EndpointTestEventView.as_view(), name="webhook-endpoint-test-events"),
    path(f"{ENDPOINT}/deliveries", views.DeliveryListView.as_view(), name="webhook-deliveries"),
    path(
        f"{ENDPOINT}/deliveries/<uuid:delivery_id>/retries",
        views.DeliveryRetryView.as_view(),
        name="webhook-delivery-retries",
    ),
]
