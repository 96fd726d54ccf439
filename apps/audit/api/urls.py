from django.urls import path

from . import views

urlpatterns = [
    path("audit/events", views.AuditEventListView.as_view(), name="audit-events"),
    path("audit/events.csv", views.AuditEventExportView.as_view(), name="audit-events-csv"),
]
