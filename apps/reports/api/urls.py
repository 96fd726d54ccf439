from django.urls import path

from . import audit_views, views

urlpatterns = [
    path("audit/events", audit_views.AuditEventListView.as_view(), name="audit-events"),
    path("audit/events.csv", audit_views.AuditEventExportView.as_view(), name="audit-events-csv"),
    path(
        "clinics/<slug:clinic_slug>/reports/weekly", views.ClinicWeeklyReportView.as_view(), name="clinic-report-weekly"
    ),
    path(
        "clinics/<slug:clinic_slug>/reports/weekly.csv",
        views.ClinicWeeklyReportExportView.as_view(),
        name="clinic-report-weekly-csv",
    ),
    path("reports/weekly", views.OrganizationWeeklyReportView.as_view(), name="report-weekly"),
    path("reports/weekly.csv", views.OrganizationWeeklyReportExportView.as_view(), name="report-weekly-csv"),
]
