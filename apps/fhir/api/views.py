from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.clinics.permissions import IsClinicStaff

from ..access import access_clinic_api_key, access_clinic_for_api_keys
from ..selectors import api_keys_for_clinic
from ..services import api_key_create, api_key_revoke
from .serializers import APIKeyCreateInput, APIKeyListOutput, APIKeyOutput, NewAPIKeyOutput, scope_choices


class APIKeyListView(APIView):
    """A clinic's API keys for the FHIR API (/fhir/R4/), for its admins. The secret of a key is never
    listed: it is shown once, in the answer that makes it."""

    permission_classes = [IsClinicStaff]

    @extend_schema(operation_id="clinic_api_keys_list", tags=["api keys"], responses=APIKeyListOutput)
    def get(self, request, clinic_slug):
        clinic = access_clinic_for_api_keys(request, clinic_slug)
        return Response(APIKeyListOutput({"keys": api_keys_for_clinic(clinic), "scopes": scope_choices()}).data)

    @extend_schema(
        operation_id="clinic_api_keys_create",
        tags=["api keys"],
        request=APIKeyCreateInput,
        responses={201: NewAPIKeyOutput},
    )
    def post(self, request, clinic_slug):
        clinic = access_clinic_for_api_keys(request, clinic_slug)
        data = APIKeyCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        made = api_key_create(clinic=clinic, actor=request.user, **data.validated_data)
        body = APIKeyOutput(made.key).data | {"secret": made.secret}
        response = Response(body, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


class APIKeyRevocationView(APIView):
    """Revoke a key: it stops working at once, for good. Revoking it again changes nothing."""

    permission_classes = [IsClinicStaff]

    @extend_schema(
        operation_id="clinic_api_keys_revoke",
        tags=["api keys"],
        request=None,
        responses={200: APIKeyOutput, 404: OpenApiResponse(description="No such key at this clinic.")},
    )
    def post(self, request, clinic_slug, key_id):
        clinic = access_clinic_for_api_keys(request, clinic_slug)
        key = api_key_revoke(key=access_clinic_api_key(clinic, key_id), actor=request.user)
        return Response(APIKeyOutput(key).data)
