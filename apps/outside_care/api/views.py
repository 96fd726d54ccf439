"""The patient's outside provider and consent (``me/outside-care``), and the clinic's summaries."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.care.permissions import IsPatient
from apps.clinics.permissions import IsClinicStaff
from apps.core.clock import now
from apps.core.idempotency import HEADER, idempotency_key_from

from .. import services
from ..access import access_clinic_for_sharing, access_own_sharing_consent, access_patient_for_sharing
from ..selectors import (
    clinic_sharing_patients,
    current_sharing_consent,
    latest_valid_until,
    outside_provider_of,
    summaries_for_patient,
    summaries_with_link_state,
    with_liveness,
)
from .serializers import (
    ConsentInput,
    ConsentWordingInput,
    ConsentWordingOutput,
    OutsideCareOverviewOutput,
    OutsideProviderInput,
    OutsideProviderOutput,
    SharingConsentOutput,
    SharingPatientOutput,
    StaffSummaryOutput,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    HEADER, str, OpenApiParameter.HEADER, required=True, description="Any unique string (a UUID): a retry sends once."
)


class OutsideCareView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(responses=OutsideCareOverviewOutput, operation_id="outside_care_overview")
    def get(self, request):
        at = now()
        summaries = summaries_for_patient(request.user, at=at)
        audit_record_many(actor=request.user, action=AuditAction.READ, objs=summaries, patient=request.user)
        overview = {
            "provider": outside_provider_of(request.user),
            "consent": with_liveness(current_sharing_consent(request.user), at=at),
            "latest_valid_until": latest_valid_until(request.user, at=at),
            "summaries": summaries,
        }
        return Response(OutsideCareOverviewOutput(overview).data)


class OutsideProviderView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(request=OutsideProviderInput, responses=OutsideProviderOutput, operation_id="outside_provider_save")
    def put(self, request):
        incoming = OutsideProviderInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        provider = services.outside_provider_save(actor=request.user, patient=request.user, **incoming.validated_data)
        return Response(OutsideProviderOutput(provider).data)


class ConsentWordingView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        request=ConsentWordingInput, responses=ConsentWordingOutput, operation_id="outside_care_consent_wording"
    )
    def post(self, request):
        incoming = ConsentWordingInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        wording = services.sharing_consent_wording(patient=request.user, **incoming.validated_data)
        return Response(ConsentWordingOutput(wording).data)


class ConsentListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        request=ConsentInput, responses={201: SharingConsentOutput}, operation_id="outside_care_consent_give"
    )
    def post(self, request):
        incoming = ConsentInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        consent = services.sharing_consent_give(actor=request.user, patient=request.user, **incoming.validated_data)
        return Response(SharingConsentOutput(with_liveness(consent, at=now())).data, status=status.HTTP_201_CREATED)


class ConsentRevocationView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(request=None, responses=SharingConsentOutput, operation_id="outside_care_consent_revoke")
    def post(self, request, sharing_consent_id):
        consent = access_own_sharing_consent(request.user, sharing_consent_id)
        consent = services.sharing_consent_revoke(actor=request.user, patient=request.user, consent=consent)
        return Response(SharingConsentOutput(with_liveness(consent, at=now())).data)


class ClinicSharingPatientsView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=SharingPatientOutput(many=True), operation_id="clinic_outside_care_patients")
    def get(self, request, clinic_slug):
        clinic = access_clinic_for_sharing(request.user, clinic_slug)
        patients = clinic_sharing_patients(clinic, at=now())
        audit_record_many(
            actor=request.user,
            action=AuditAction.READ,
            objs=[patient.live_consent for patient in patients],
            patient_of=lambda consent: consent.patient_id,
            clinic=clinic,
        )
        return Response(SharingPatientOutput(patients, many=True).data)


class SummaryPreviewView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The summary's PDF.")},
        operation_id="clinic_outside_care_summary_preview",
    )
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_patient_for_sharing(request.user, clinic_slug, patient_id)
        pdf = services.summary_preview(actor=request.user, clinic=clinic, patient=patient)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="summary-preview.pdf"'
        response["Cache-Control"] = "no-store"
        return response


class SummaryListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=None,
        responses={201: StaffSummaryOutput, 200: StaffSummaryOutput},
        operation_id="clinic_outside_care_summary_send",
        description="Share a summary now: a one-time link e-mailed to the patient's outside provider. A request "
        "sent again with the same Idempotency-Key answers 200 with the summary the first one made.",
    )
    def post(self, request, clinic_slug, patient_id):
        clinic, patient = access_patient_for_sharing(request.user, clinic_slug, patient_id)
        summary, created = services.summary_send(
            actor=request.user,
            clinic=clinic,
            patient=patient,
            idempotency_key=idempotency_key_from(request, required=True),
        )
        [summary] = summaries_with_link_state([summary], at=now())
        return Response(
            StaffSummaryOutput(summary).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
