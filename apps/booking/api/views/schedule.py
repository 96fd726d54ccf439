"""The clinic's schedule, and one patient's appointments there."""

from datetime import timedelta
from operator import attrgetter

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import ROW_OWNERS, audit_record_many
from apps.booking.models import Appointment
from apps.booking.selectors.appointments import appointments_of_patient_at_clinic
from apps.booking.selectors.schedule import clinic_schedule
from apps.clinics.access import access_clinic_as_staff, access_clinic_patient
from apps.clinics.permissions import IsClinicStaff
from apps.core import clock

from ..serializers.appointments import AppointmentOutput, PatientAppointmentListQuery
from ..serializers.schedule import ScheduleOutput, ScheduleQuery, schedule_data


class ClinicScheduleView(APIView):
    """Staff: a clinic's day or week across providers and chairs, in the clinic's time zone."""

    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=[ScheduleQuery], responses=ScheduleOutput)
    def get(self, request, clinic_slug):
        clinic = access_clinic_as_staff(request.user, clinic_slug)
        query = ScheduleQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        schedule = clinic_schedule(
            clinic=clinic,
            first_day=params["date"],
            last_day=params["date"] + timedelta(days=params["days"] - 1),
            include_cancelled=params["include_cancelled"],
        )
        audit_record_many(
            actor=request.user,
            action=AuditAction.READ,
            objs=schedule.appointments,
            model=Appointment,
            patient_of=attrgetter("patient_id"),
            clinic=clinic,
        )
        return Response(schedule_data(schedule))


class ClinicPatientAppointmentListView(ListAPIView):
    """Staff: one patient's appointments at the clinic, upcoming or past; each row read is audited."""

    permission_classes = [IsClinicStaff]
    serializer_class = AppointmentOutput

    @extend_schema(parameters=[PatientAppointmentListQuery], operation_id="clinic_patient_appointments")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        clinic = access_clinic_as_staff(self.request.user, self.kwargs["clinic_slug"])
        patient = access_clinic_patient(clinic, self.kwargs["patient_id"])
        query = PatientAppointmentListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        upcoming = query.validated_data["when"] == "upcoming"
        return appointments_of_patient_at_clinic(patient, clinic, at=clock.now(), upcoming=upcoming)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        audit_record_many(actor=self.request.user, action=AuditAction.READ, objs=page, **ROW_OWNERS)
        return page
