from operator import attrgetter

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record, audit_record_many
from apps.care.access import (
    access_clinic_dosing_session,
    access_clinic_patient_as_staff,
    access_clinic_safety_alert,
    access_consent_document,
)
from apps.care.instruments import INSTRUMENTS
from apps.care.permissions import IsPatient, require_clinical_role
from apps.care.selectors import (
    alerts_for_clinic,
    assessment_trend,
    assessments_for_patient,
    clinic_patient_list,
    consent_documents_for_patient,
    consultation_outcomes_at_clinic,
    escort_for_patient,
    intake_for_patient,
    plan_at_clinic,
    plan_for_patient,
    plan_progress,
    session_sheet,
    submitted_intake_for_patient,
)
from apps.care.services import (
    assessment_submit,
    consent_sign,
    consultation_outcome_record,
    escort_set,
    intake_save_draft,
    intake_submit,
    responsible_provider,
    safety_alert_acknowledge,
    session_record_complete,
    session_record_save,
    treatment_plan_create,
    treatment_plan_update,
)
from apps.clinics.access import access_active_clinic, access_clinic_as_staff
from apps.clinics.permissions import IsClinicStaff
from apps.core.clock import now
from apps.core.pagination import StandardPagination

from .serializers import (
    AlertAcknowledgementInput,
    AlertListQuery,
    AssessmentInput,
    AssessmentOutput,
    AssessmentSubmissionOutput,
    ClinicPatientListQuery,
    ClinicPatientRowOutput,
    ConsentListQuery,
    ConsentSignatureInput,
    ConsentSignatureOutput,
    ConsentStatusOutput,
    ConsultationOutcomeInput,
    ConsultationOutcomeOutput,
    EscortInput,
    EscortOutput,
    InstrumentOutput,
    IntakeAnswersInput,
    IntakeOutput,
    PlanInput,
    PlanOutput,
    PlanUpdateInput,
    SafetyAlertOutput,
    SessionRecordInput,
    SessionSheetOutput,
    StaffIntakeOutput,
    StaffPlanOutput,
    TrendOutput,
    page_of,
)


def audited_read(request, record, output_class, *, patient, clinic=None) -> Response:
    """The response for one health record read: audited, then serialized."""
    audit_record(actor=request.user, action=AuditAction.READ, obj=record, patient=patient, clinic=clinic)
    return Response(output_class(record).data)


def paginated(request, view, queryset, output_class, *, audit_patient=None, audit_clinic=None) -> Response:
    """One page of ``queryset``; with ``audit_patient`` each row on the page is audited as read."""
    paginator = StandardPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    if audit_patient is not None:
        audit_record_many(
            actor=request.user, action=AuditAction.READ, objs=page, patient=audit_patient, clinic=audit_clinic
        )
    return paginator.get_paginated_response(output_class(page, many=True).data)


# --- The clinic's patient list ---------------------------------------------------------------------


class ClinicPatientListView(APIView):
    """Staff: the clinic's patients with where they are on the pathway and what needs attention; those
    with an open safety alert first. The list reveals who is a patient here: each row is audited."""

    permission_classes = [IsClinicStaff]

    @extend_schema(
        parameters=[ClinicPatientListQuery],
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


# --- Intake ------------------------------------------------------------------------------------


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


# --- Consents ----------------------------------------------------------------------------------


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


# --- Assessments ---------------------------------------------------------------------------------


class InstrumentListView(APIView):
    """The questionnaires' texts, answer scale and severity bands (no health information)."""

    @extend_schema(responses=InstrumentOutput(many=True), operation_id="assessment_instruments_list")
    def get(self, request):
        return Response(InstrumentOutput(INSTRUMENTS.values(), many=True).data)


class AssessmentListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(responses=page_of(AssessmentOutput), operation_id="assessments_list")
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

    @extend_schema(responses=page_of(AssessmentOutput), operation_id="clinic_patient_assessments_list")
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


# --- Safety alerts and staff notifications -------------------------------------------------------


class ClinicAlertListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=[AlertListQuery], responses=page_of(SafetyAlertOutput), operation_id="clinic_alerts_list")
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


# --- Consultation outcomes and treatment plans ---------------------------------------------------


class ClinicPatientConsultationOutcomeListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=page_of(ConsultationOutcomeOutput), operation_id="clinic_patient_consultation_outcomes")
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        outcomes = consultation_outcomes_at_clinic(patient, clinic)
        return paginated(request, self, outcomes, ConsultationOutcomeOutput, audit_patient=patient, audit_clinic=clinic)

    @extend_schema(
        request=ConsultationOutcomeInput,
        responses={201: ConsultationOutcomeOutput},
        operation_id="clinic_patient_consultation_outcome_record",
    )
    def post(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        require_clinical_role(request.user, clinic)
        incoming = ConsultationOutcomeInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        provider = responsible_provider(clinic=clinic, actor=request.user, provider_id=fields.pop("provider", None))
        outcome = consultation_outcome_record(
            actor=request.user, clinic=clinic, patient=patient, provider=provider, **fields
        )
        return Response(ConsultationOutcomeOutput(outcome).data, status=status.HTTP_201_CREATED)


def plan_data(plan, output=PlanOutput) -> dict:
    return output(plan, context={"progress": plan_progress(plan)}).data


def staff_plan_data(plan) -> dict:
    return plan_data(plan, StaffPlanOutput)


class ClinicPatientPlanView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=StaffPlanOutput, operation_id="clinic_patient_plan_retrieve")
    def get(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        plan = plan_at_clinic(patient, clinic)
        audit_record(actor=request.user, action=AuditAction.READ, obj=plan, patient=patient, clinic=clinic)
        return Response(staff_plan_data(plan))

    @extend_schema(request=PlanInput, responses={201: StaffPlanOutput}, operation_id="clinic_patient_plan_create")
    def post(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        require_clinical_role(request.user, clinic)
        incoming = PlanInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        provider = responsible_provider(clinic=clinic, actor=request.user, provider_id=fields.pop("provider", None))
        plan = treatment_plan_create(actor=request.user, clinic=clinic, patient=patient, provider=provider, **fields)
        return Response(staff_plan_data(plan), status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanUpdateInput, responses=StaffPlanOutput, operation_id="clinic_patient_plan_update")
    def patch(self, request, clinic_slug, patient_id):
        clinic, patient = access_clinic_patient_as_staff(request.user, clinic_slug, patient_id)
        require_clinical_role(request.user, clinic)
        plan = plan_at_clinic(patient, clinic)
        incoming = PlanUpdateInput(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        reason = changes.pop("reason", "")
        if "provider" in changes:
            changes["provider"] = responsible_provider(
                clinic=clinic, actor=request.user, provider_id=changes["provider"]
            )
        plan = treatment_plan_update(actor=request.user, plan=plan, reason=reason, **changes)
        return Response(staff_plan_data(plan))


class PlanView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(responses=PlanOutput, operation_id="plan_retrieve")
    def get(self, request):
        plan = plan_for_patient(request.user)
        audit_record(actor=request.user, action=AuditAction.READ, obj=plan, patient=request.user)
        return Response(plan_data(plan))


# --- Escort --------------------------------------------------------------------------------------


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


# --- Session records -----------------------------------------------------------------------------


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
