from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.care.access import access_clinic_patient_as_staff
from apps.care.permissions import IsPatient
from apps.care.selectors import intake_for_patient, submitted_intake_for_patient
from apps.care.services import intake_save_draft, intake_submit
from apps.clinics.permissions import IsClinicStaff

from .serializers import IntakeAnswersInput, IntakeOutput, StaffIntakeOutput

# --- Intake ------------------------------------------------------------------------------------


class IntakeView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(responses=IntakeOutput, operation_id="intake_retrieve")
    def get(self, request):
        intake = intake_for_patient(request.user)
        audit_record(request=request, action=AuditAction.READ, obj=intake, patient=request.user)
        return Response(IntakeOutput(intake).data)

    @extend_schema(request=IntakeAnswersInput, responses=IntakeOutput, operation_id="intake_save_draft")
    def patch(self, request):
        incoming = IntakeAnswersInput(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        intake = intake_save_draft(request=request, patient=request.user, answers=incoming.validated_data)
        return Response(IntakeOutput(intake).data)


class IntakeSubmissionView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(request=None, responses=IntakeOutput, operation_id="intake_submit")
    def post(self, request):
        intake = intake_submit(request=request, patient=request.user)
        return Response(IntakeOutput(intake).data)


class ClinicPatientIntakeView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=StaffIntakeOutput, operation_id="clinic_patient_intake_retrieve")
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        intake = submitted_intake_for_patient(patient)
        audit_record(request=request, action=AuditAction.READ, obj=intake, patient=patient, clinic=clinic)
        return Response(StaffIntakeOutput(intake).data)
