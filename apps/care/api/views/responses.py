"""Responses that read health records: audited first, then serialized."""

from rest_framework.response import Response

from apps.audit.models import AuditAction
from apps.audit.services import audit_record, audit_record_many
from apps.core.pagination import StandardPagination


def audited_read(request, record, output_class, *, patient, clinic=None) -> Response:
    """The response for one health record read: audited, then serialized."""
    audit_record(actor=request.user, action=AuditAction.READ, obj=record, patient=patient, clinic=clinic)
    return Response(output_class(record).data)


def paginated(request, view, queryset, output_class, *, audit_patient=None, audit_clinic=None) -> Response:
    """One page of ``queryset``; with ``audit_patient`` each row on the page is audited as read."""
    paginator = StandardPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    if audit_patient is not None:
        audit_record_many(
            actor=request.user, action=AuditAction.READ, objs=page, patient=audit_patient, clinic=audit_clinic
        )
    return paginator.get_paginated_response(output_class(page, many=True).data)
