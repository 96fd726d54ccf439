from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.mfa import session_passed_second_factor
from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.access import access_active_clinic, access_clinic_as_staff, access_clinic_patient
from apps.clinics.permissions import IsClinicStaff
from apps.clinics.selectors import account_summary, active_clinics, staff_for_clinic

from .serializers import ClinicOutput, MeOutput, PatientDetailOutput, StaffMemberOutput


class ClinicListView(ListAPIView):
    """The clinic directory: public facts about every active clinic."""

    serializer_class = ClinicOutput

    def get_queryset(self):
        return active_clinics()


class ClinicDetailView(APIView):
    @extend_schema(responses=ClinicOutput)
    def get(self, request, clinic_slug):
        return Response(ClinicOutput(access_active_clinic(clinic_slug)).data)


class ClinicStaffListView(ListAPIView):
    permission_classes = [IsClinicStaff]
    serializer_class = StaffMemberOutput

    def get_queryset(self):
        return staff_for_clinic(access_clinic_as_staff(self.request.user, self.kwargs["clinic_slug"]))


class ClinicPatientDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=PatientDetailOutput)
    def get(self, request, clinic_slug, patient_id):
        clinic = access_clinic_as_staff(request.user, clinic_slug)
        patient = access_clinic_patient(clinic, patient_id)
        audit_record(actor=request.user, action=AuditAction.READ, obj=patient, patient=patient, clinic=clinic)
        return Response(PatientDetailOutput(patient).data)


class MeView(APIView):
    @extend_schema(responses=MeOutput, operation_id="me_retrieve")
    def get(self, request):
        summary = account_summary(request.user, session_passed_second_factor=session_passed_second_factor(request))
        return Response(MeOutput(summary).data)
