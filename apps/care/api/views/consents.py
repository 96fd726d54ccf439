"""Consents: what a patient must sign, the signature, and the staff's read."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.care.access import access_clinic_patient_as_staff, access_consent_document
from apps.care.permissions import IsPatient
from apps.care.selectors.consents import consent_documents_for_patient
from apps.care.services.consents import consent_sign
from apps.clinics.access import access_active_clinic
from apps.clinics.permissions import IsClinicStaff

from ..serializers.consents import ConsentListQuery, ConsentSignatureInput, ConsentSignatureOutput, ConsentStatusOutput


def consent_status_response(request, *, patient, organization, clinic=None) -> Response:
    documents = consent_documents_for_patient(patient, organization)
    signatures = [signature for document in documents for signature in document.patient_signatures]
    audit_record_many(actor=request.user, action=AuditAction.READ, objs=signatures, patient=patient, clinic=clinic)
    return Response(ConsentStatusOutput({"organization": organization.name, "documents": documents}).data)


class ConsentListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(parameters=[ConsentListQuery], responses=ConsentStatusOutput, operation_id="consents_list")
    def get(self, request):
        query = ConsentListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        clinic = access_active_clinic(query.validated_data["clinic"])
        return consent_status_response(request, patient=request.user, organization=clinic.organization)


class ConsentSignatureView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(request=ConsentSignatureInput, responses={201: ConsentSignatureOutput}, operation_id="consent_sign")
    def post(self, request, document_id):
        document = access_consent_document(document_id)
        incoming = ConsentSignatureInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        signature = consent_sign(actor=request.user, patient=request.user, document=document, **incoming.validated_data)
        return Response(ConsentSignatureOutput(signature).data, status=status.HTTP_201_CREATED)


class ClinicPatientConsentsView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=ConsentStatusOutput, operation_id="clinic_patient_consents_list")
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        return consent_status_response(request, patient=patient, organization=clinic.organization, clinic=clinic)
