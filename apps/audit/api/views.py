import csv
from itertools import chain

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.views import APIView

from apps.audit.selectors import audit_events_for_organization_admin
from apps.audit.services import audit_record_export
from apps.clinics.permissions import IsOrganizationAdmin

from .serializers import CSV_COLUMNS, AuditEventOutput, AuditQuery


def _query(request) -> AuditQuery:
    query = AuditQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query


class AuditEventListView(ListAPIView):
    """Organization admins: who read or changed which health information, when and from where."""

    permission_classes = [IsOrganizationAdmin]
    serializer_class = AuditEventOutput

    @extend_schema(parameters=[AuditQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return audit_events_for_organization_admin(self.request.user, **_query(self.request).filters())


class _Echo:
    def write(self, value):
        return value


class AuditEventExportView(APIView):
    """The same search as CSV. The export itself is recorded in the trail."""

    permission_classes = [IsOrganizationAdmin]

    @extend_schema(parameters=[AuditQuery], responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request):
        query = _query(request)
        events = audit_events_for_organization_admin(request.user, **query.filters())
        audit_record_export(request=request, what=request.META.get("QUERY_STRING", "") or "all")
        writer = csv.writer(_Echo())
        rows = (AuditEventOutput(event).data for event in events.iterator(chunk_size=2000))
        response = StreamingHttpResponse(
            chain([writer.writerow(CSV_COLUMNS)], (writer.writerow([row[c] for c in CSV_COLUMNS]) for row in rows)),
            content_type="text/csv",
        )
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        return response
