"""The intake questionnaire: the patient's draft and submission, and the staff's read."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.care.access import access_clinic_patient_as_staff
from apps.care.permissions import IsPatient
from apps.care.selectors.intake import intake_for_patient, submitted_intake_for_patient
from apps.care.services.intake import intake_save_draft, intake_submit
from apps.clinics.permissions import IsClinicStaff

from ..serializers.intake import IntakeAnswersInput, IntakeOutput, StaffIntakeOutput
from .responses import audited_read


class IntakeView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(responses=IntakeOutput, operation_id="intake_retrieve")
    def get(self, request):
        intake = intake_for_patient(request.user)
        return audited_read(request, intake, IntakeOutput, patient=request.user)

    @extend_schema(request=IntakeAnswersInput, responses=IntakeOutput, operation_id="intake_save_draft")
    def patch(self, request):
        incoming = IntakeAnswersInput(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        intake = intake_save_draft(actor=request.user, patient=request.user, answers=incoming.validated_data)
        return Response(IntakeOutput(intake).data)


class IntakeSubmissionView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(request=None, responses=IntakeOutput, operation_id="intake_submit")
    def post(self, request):
        intake = intake_submit(actor=request.user, patient=request.user)
        return Response(IntakeOutput(intake).data)


class ClinicPatientIntakeView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=StaffIntakeOutput, operation_id="clinic_patient_intake_retrieve")
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        intake = submitted_intake_for_patient(patient)
        return audited_read(request, intake, StaffIntakeOutput, patient=patient, clinic=clinic)
