"""The clinic's patient list."""

from operator import attrgetter

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.care.selectors.patients import clinic_patient_list
from apps.clinics.access import access_clinic_as_staff
from apps.clinics.permissions import IsClinicStaff
from apps.core.clock import now
from apps.core.pagination import PAGE_PARAMETERS, StandardPagination

from ..serializers.pages import page_of
from ..serializers.patients import ClinicPatientListQuery, ClinicPatientRowOutput


class ClinicPatientListView(APIView):
    """Staff: the clinic's patients with where they are on the pathway and what needs attention; those
    with an open safety alert first. The list reveals who is a patient here: each row is audited."""

    permission_classes = [IsClinicStaff]

    @extend_schema(
        parameters=[ClinicPatientListQuery, *PAGE_PARAMETERS],
        responses=page_of(ClinicPatientRowOutput),
        operation_id="clinics_patients_list",
    )
    def get(self, request, clinic_slug):
        clinic = access_clinic_as_staff(request.user, clinic_slug)
        query = ClinicPatientListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = dict(query.validated_data)
        params["search"] = params.get("search", "").strip()
        patients = clinic_patient_list(clinic, at=now(), **params)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(patients, request, view=self)
        audit_record_many(
            actor=request.user, action=AuditAction.READ, objs=page, patient_of=attrgetter("pk"), clinic=clinic
        )
        return paginator.get_paginated_response(ClinicPatientRowOutput(page, many=True).data)
