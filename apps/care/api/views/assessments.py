"""PHQ-9 and GAD-7: instruments, submissions and trends, and the clinic's safety alerts."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.care.access import access_clinic_patient_as_staff, access_clinic_safety_alert
from apps.care.instruments import INSTRUMENTS
from apps.care.permissions import IsPatient
from apps.care.selectors.assessments import alerts_for_clinic, assessment_trend, assessments_for_patient
from apps.care.services.assessments import assessment_submit, safety_alert_acknowledge
from apps.clinics.access import access_clinic_as_staff
from apps.clinics.permissions import IsClinicStaff
from apps.core.pagination import PAGE_PARAMETERS, StandardPagination

from ..serializers.assessments import (
    AlertAcknowledgementInput,
    AlertListQuery,
    AssessmentInput,
    AssessmentOutput,
    AssessmentSubmissionOutput,
    InstrumentOutput,
    SafetyAlertOutput,
    TrendOutput,
)
from ..serializers.pages import page_of
from .responses import paginated


class InstrumentListView(APIView):
    """The questionnaires' texts, answer scale and severity bands (no health information)."""

    @extend_schema(responses=InstrumentOutput(many=True), operation_id="assessment_instruments_list")
    def get(self, request):
        return Response(InstrumentOutput(INSTRUMENTS.values(), many=True).data)


class AssessmentListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(parameters=PAGE_PARAMETERS, responses=page_of(AssessmentOutput), operation_id="assessments_list")
    def get(self, request):
        return paginated(
            request, self, assessments_for_patient(request.user), AssessmentOutput, audit_patient=request.user
        )

    @extend_schema(
        request=AssessmentInput,
        responses={201: AssessmentSubmissionOutput},
        operation_id="assessment_submit",
        description="Answers whose PHQ-9 item 9 is above zero raise an urgent alert to the patient's clinic "
        "and return crisis resources. If the alert cannot be raised the answers are not saved and the 503 "
        "error (code safety_alert_failed) carries the crisis resources under ``crisis``.",
    )
    def post(self, request):
        incoming = AssessmentInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        submission = assessment_submit(actor=request.user, patient=request.user, **incoming.validated_data)
        return Response(AssessmentSubmissionOutput(submission).data, status=status.HTTP_201_CREATED)


def trend_response(request, *, patient, clinic=None) -> Response:
    trend = assessment_trend(patient, sessions_at=clinic)
    audit_record_many(
        actor=request.user,
        action=AuditAction.READ,
        objs=[*trend["assessments"], *trend["sessions"]],
        patient=patient,
        # Staff read at their clinic; the patient's own dosing sessions are each at their clinic.
        clinic_of=lambda record: clinic or getattr(record, "clinic_id", None),
    )
    return Response(TrendOutput(trend).data)


class AssessmentTrendView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(responses=TrendOutput, operation_id="assessment_trend")
    def get(self, request):
        return trend_response(request, patient=request.user)


class ClinicPatientAssessmentListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(
        parameters=PAGE_PARAMETERS, responses=page_of(AssessmentOutput), operation_id="clinic_patient_assessments_list"
    )
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        return paginated(
            request,
            self,
            assessments_for_patient(patient),
            AssessmentOutput,
            audit_patient=patient,
            audit_clinic=clinic,
        )


class ClinicPatientAssessmentTrendView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=TrendOutput, operation_id="clinic_patient_assessment_trend")
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        return trend_response(request, patient=patient, clinic=clinic)


class ClinicAlertListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(
        parameters=[AlertListQuery, *PAGE_PARAMETERS],
        responses=page_of(SafetyAlertOutput),
        operation_id="clinic_alerts_list",
    )
    def get(self, request, clinic_slug):
        clinic = access_clinic_as_staff(request.user, clinic_slug)
        query = AlertListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(alerts_for_clinic(clinic, **query.validated_data), request, view=self)
        audit_record_many(
            actor=request.user,
            action=AuditAction.READ,
            objs=page,
            patient_of=lambda alert: alert.patient,
            clinic=clinic,
        )
        return paginator.get_paginated_response(SafetyAlertOutput(page, many=True).data)


class ClinicAlertAcknowledgementView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(
        request=AlertAcknowledgementInput, responses=SafetyAlertOutput, operation_id="clinic_alert_acknowledge"
    )
    def post(self, request, clinic_slug, alert_id):
        clinic = access_clinic_as_staff(request.user, clinic_slug)
        alert = access_clinic_safety_alert(clinic, alert_id)
        incoming = AlertAcknowledgementInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        alert = safety_alert_acknowledge(actor=request.user, alert=alert, **incoming.validated_data)
        return Response(SafetyAlertOutput(alert).data)
