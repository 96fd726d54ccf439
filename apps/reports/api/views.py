from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.services import audit_record_export
from apps.clinics.permissions import IsClinicStaff, IsOrganizationAdmin
from apps.clinics.selectors import clinics_administered_by
from apps.reports.access import access_clinic_for_reports
from apps.reports.selectors import WeeklyReport, weekly_report

from .export import ALL_CLINICS, report_csv
from .serializers import (
    OrganizationReportOutput,
    WeeklyReportOutput,
    WeeklyReportQuery,
    clinic_weekly_report_data,
    organization_report_data,
)

CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The same report as CSV.")}


def _report(request, clinics) -> WeeklyReport:
    query = WeeklyReportQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return weekly_report(list(clinics), query.validated_data["from"], query.validated_data["weeks"])


def _csv(request, report: WeeklyReport, lines, *, clinic=None, scope: str) -> HttpResponse:
    """The CSV, with the export recorded in the audit trail: who, which clinic, which weeks."""
    weeks = f"{report.first_monday.isoformat()}+{report.weeks}w"
    # The range first: the record keeps 64 characters, and the clinic has its own column.
    audit_record_export(actor=request.user, what=f"weekly-report {weeks} {scope}", clinic=clinic)
    response = HttpResponse(report_csv(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="weekly-report-{scope}-{weeks}.csv"'
    return response


class ClinicWeeklyReportView(APIView):
    """Clinic admins (and organization admins): the clinic's figures week by week. Aggregates only."""

    permission_classes = [IsClinicStaff]

    @extend_schema(
        operation_id="clinic_report_weekly",
        tags=["reports"],
        parameters=[WeeklyReportQuery],
        responses=WeeklyReportOutput,
    )
    def get(self, request, clinic_slug):
        clinic = access_clinic_for_reports(request, clinic_slug)
        return Response(WeeklyReportOutput(clinic_weekly_report_data(_report(request, [clinic]))).data)


class ClinicWeeklyReportExportView(APIView):
    """The clinic's weekly report as CSV. The export is recorded in the audit trail."""

    permission_classes = [IsClinicStaff]

    @extend_schema(
        operation_id="clinic_report_weekly_csv",
        tags=["reports"],
        parameters=[WeeklyReportQuery],
        responses=CSV_RESPONSE,
    )
    def get(self, request, clinic_slug):
        clinic = access_clinic_for_reports(request, clinic_slug)
        report = _report(request, [clinic])
        data = WeeklyReportOutput(clinic_weekly_report_data(report)).data
        return _csv(request, report, [(clinic.slug, week) for week in data["weeks"]], clinic=clinic, scope=clinic.slug)


class OrganizationWeeklyReportView(APIView):
    """Organization admins: every clinic of their organizations week by week, and the totals."""

    permission_classes = [IsOrganizationAdmin]

    @extend_schema(
        operation_id="organization_report_weekly",
        tags=["reports"],
        parameters=[WeeklyReportQuery],
        responses=OrganizationReportOutput,
    )
    def get(self, request):
        report = _report(request, clinics_administered_by(request.user))
        return Response(OrganizationReportOutput(organization_report_data(report)).data)


class OrganizationWeeklyReportExportView(APIView):
    """The organization's weekly report as CSV: each clinic's weeks, then the totals. Audited."""

    permission_classes = [IsOrganizationAdmin]

    @extend_schema(
        operation_id="organization_report_weekly_csv",
        tags=["reports"],
        parameters=[WeeklyReportQuery],
        responses=CSV_RESPONSE,
    )
    def get(self, request):
        report = _report(request, clinics_administered_by(request.user))
        data = OrganizationReportOutput(organization_report_data(report)).data
        lines = [(clinic["clinic"]["slug"], week) for clinic in data["clinics"] for week in clinic["weeks"]]
        lines += [(ALL_CLINICS, week) for week in data["totals"]]
        return _csv(request, report, lines, scope="all-clinics")
