"""Every project endpoint lives under /api/v1/. Each app contributes its own url list."""

from django.urls import include, path

urlpatterns = [
    path("", include("apps.accounts.api.urls")),
    path("", include("apps.clinics.api.urls")),
    path("", include("apps.reminders.api.urls")),
    path("", include("apps.education.api.urls")),
    path("", include("apps.care.api.urls")),
    path("", include("apps.booking.api.urls")),
    path("", include("apps.payments.api.urls")),
    path("", include("apps.reports.api.urls")),
    path("", include("apps.fhir.api.urls")),
    path("", include("apps.outside_care.api.urls")),
    path("", include("apps.webhooks.api.urls")),
]
