from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core.views import health, spa_index

urlpatterns = [
    path("admin/", admin.site.urls),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include("portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("healthz", health, name="health"),
    # For systems a clinic authorises, with the clinic's API key (apps/fhir).
    path("fhir/R4/", include("apps.fhir.urls")),
    # One-time links to a progress summary, opened by a patient's outside provider (apps/outside_care).
    path("shared/", include("apps.outside_care.public_urls")),
    # Anything else that is not an API, FHIR, shared-link, admin or static path is a route of the SPA.
    re_path(r"^(?!api/|_allauth/|admin/|static/|fhir/|shared/)(?P<path>.*)$", spa_index, name="spa"),
]

handler400 = "apps.core.exceptions.json_bad_request"
handler403 = "apps.core.exceptions.json_permission_denied"
handler404 = "apps.core.exceptions.json_not_found"
handler500 = "apps.core.exceptions.json_server_error"
