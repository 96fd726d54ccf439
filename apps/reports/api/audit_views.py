import csv
from itertools import chain

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.views import APIView

from apps.audit.services import audit_record_export
from apps.clinics.access import access_organization_patient
from apps.clinics.permissions import IsOrganizationAdmin
from apps.reports.audit_trail import audit_events_for_organization_admin

from .audit_serializers import CSV_COLUMNS, AuditEventOutput, AuditQuery


def _events(request):
    """The search asked for; a patient out of the admin's reach answers 404, as everywhere."""
    query = AuditQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    filters = query.filters()
    if filters["patient_id"]:
        access_organization_patient(request.user, filters["patient_id"])
    return audit_events_for_organization_admin(request.user, **filters)


class AuditEventListView(ListAPIView):
    """Organization admins: who read or changed which health information, when and from where."""

    permission_classes = [IsOrganizationAdmin]
    serializer_class = AuditEventOutput

    @extend_schema(parameters=[AuditQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _events(self.request)


class _Echo:
    def write(self, value):
        return value


class AuditEventExportView(APIView):
    """The same search as CSV. The export itself is recorded in the trail."""

    permission_classes = [IsOrganizationAdmin]

    @extend_schema(parameters=[AuditQuery], responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request):
        events = _events(request)
        audit_record_export(actor=request.user, what=request.META.get("QUERY_STRING", "") or "all")
        writer = csv.writer(_Echo())
        rows = (AuditEventOutput(event).data for event in events.iterator(chunk_size=2000))
        response = StreamingHttpResponse(
            chain([writer.writerow(CSV_COLUMNS)], (writer.writerow([row[c] for c in CSV_COLUMNS]) for row in rows)),
            content_type="text/csv",
        )
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        return response
