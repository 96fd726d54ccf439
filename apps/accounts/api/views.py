from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.selectors import patient_profile_for_user
from apps.accounts.services import patient_profile_update
from apps.audit.models import AuditAction
from apps.audit.services import audit_record

from .serializers import PatientProfileSerializer


class MyProfileView(APIView):
    @extend_schema(responses=PatientProfileSerializer, operation_id="me_profile_retrieve")
    def get(self, request):
        profile = patient_profile_for_user(request.user)
        audit_record(actor=request.user, action=AuditAction.READ, obj=profile, patient=request.user)
        return Response(PatientProfileSerializer(profile).data)

    @extend_schema(
        request=PatientProfileSerializer, responses=PatientProfileSerializer, operation_id="me_profile_update"
    )
    def patch(self, request):
        profile = patient_profile_for_user(request.user)
        incoming = PatientProfileSerializer(profile, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        profile = patient_profile_update(actor=request.user, profile=profile, **incoming.validated_data)
        return Response(PatientProfileSerializer(profile).data)
