"""The escort, and the dosing session's record sheet."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.care.access import access_clinic_dosing_session, access_clinic_patient_as_staff
from apps.care.permissions import IsPatient, require_clinical_role
from apps.care.selectors.sessions import escort_for_patient, session_sheet
from apps.care.services.sessions import escort_set, session_record_complete, session_record_save
from apps.clinics.access import access_clinic_as_staff
from apps.clinics.permissions import IsClinicStaff

from ..serializers.sessions import EscortInput, EscortOutput, SessionRecordInput, SessionSheetOutput
from .responses import audited_read


class EscortView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(responses=EscortOutput, operation_id="escort_retrieve")
    def get(self, request):
        escort = escort_for_patient(request.user)
        return audited_read(request, escort, EscortOutput, patient=request.user)

    @extend_schema(request=EscortInput, responses=EscortOutput, operation_id="escort_set")
    def put(self, request):
        incoming = EscortInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        escort = escort_set(
            actor=request.user,
            patient=request.user,
            name=incoming.validated_data["name"],
            phone=incoming.validated_data["phone"],
        )
        return Response(EscortOutput(escort).data)


class ClinicPatientEscortView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=EscortOutput, operation_id="clinic_patient_escort_retrieve")
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        escort = escort_for_patient(patient)
        return audited_read(request, escort, EscortOutput, patient=patient, clinic=clinic)


def session_sheet_data(appointment, *, request=None) -> dict:
    """The session's sheet; with ``request``, its read is audited (the appointment with what its booking
    recorded, and the record once there is one)."""
    sheet = session_sheet(appointment)
    if request is not None:
        audit_record_many(
            actor=request.user,
            action=AuditAction.READ,
            objs=[appointment, *([sheet.record] if sheet.record else [])],
            patient=appointment.patient,
            clinic=appointment.clinic,
        )
    return SessionSheetOutput(sheet).data


def access_session(request, clinic_slug, appointment_id):
    """A dosing session of a clinic where the caller is a provider or clinic admin. The front desk
    books and checks patients in but does not read doses and vital signs (the minimum necessary)."""
    clinic = access_clinic_as_staff(request.user, clinic_slug)
    require_clinical_role(request.user, clinic)
    return access_clinic_dosing_session(clinic, appointment_id)


class SessionRecordView(APIView):
    """The clinical record of a dosing session: providers and clinic admins of its clinic read and
    write it; every read and write is audited."""

    permission_classes = [IsClinicStaff]

    @extend_schema(responses=SessionSheetOutput, operation_id="clinic_session_record_retrieve")
    def get(self, request, clinic_slug, appointment_id):
        appointment = access_session(request, clinic_slug, appointment_id)
        return Response(session_sheet_data(appointment, request=request))

    @extend_schema(request=SessionRecordInput, responses=SessionSheetOutput, operation_id="clinic_session_record_save")
    def put(self, request, clinic_slug, appointment_id):
        appointment = access_session(request, clinic_slug, appointment_id)
        incoming = SessionRecordInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        session_record_save(actor=request.user, appointment=appointment, fields=incoming.validated_data)
        return Response(session_sheet_data(appointment))


class SessionRecordCompletionView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(
        request=None,
        responses=SessionSheetOutput,
        operation_id="clinic_session_record_complete",
        description="Completes the record (every field filled in; the side effects may be none) and closes "
        "the appointment, which must be checked in and have started. Completing a completed record again "
        "answers it as it is.",
    )
    def post(self, request, clinic_slug, appointment_id):
        appointment = access_session(request, clinic_slug, appointment_id)
        session_record_complete(actor=request.user, appointment=appointment)
        return Response(session_sheet_data(appointment))
