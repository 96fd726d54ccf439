"""Consultation outcomes and treatment plans."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.care.access import access_clinic_patient_as_staff
from apps.care.permissions import IsPatient, require_clinical_role
from apps.care.selectors.plans import consultation_outcomes_at_clinic, plan_at_clinic, plan_for_patient
from apps.care.selectors.sessions import plan_progress
from apps.care.services.plans import (
    consultation_outcome_record,
    responsible_provider,
    treatment_plan_create,
    treatment_plan_update,
)
from apps.clinics.permissions import IsClinicStaff
from apps.core.pagination import PAGE_PARAMETERS

from ..serializers.pages import page_of
from ..serializers.plans import (
    ConsultationOutcomeInput,
    ConsultationOutcomeOutput,
    PlanInput,
    PlanOutput,
    PlanUpdateInput,
    StaffPlanOutput,
)
from .responses import paginated


class ClinicPatientConsultationOutcomeListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=page_of(ConsultationOutcomeOutput),
        operation_id="clinic_patient_consultation_outcomes",
    )
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
