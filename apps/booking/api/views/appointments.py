"""Appointments: booked, listed, read, moved, changed in status, and their history."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import ROW_OWNERS, audit_record_many
from apps.booking.access import access_appointment, access_booking_parties, access_provider
from apps.booking.selectors.appointments import appointment_history, appointments_for_user
from apps.booking.services.booking import appointment_book
from apps.booking.services.moves import appointment_reschedule
from apps.booking.services.recording import appointment_audit
from apps.booking.services.status import appointment_transition
from apps.core import clock
from apps.core.idempotency import idempotency_key_from

from ..serializers.appointments import (
    AppointmentCreateInput,
    AppointmentEventOutput,
    AppointmentListQuery,
    AppointmentOutput,
    RescheduleInput,
    TransitionInput,
)
from ..serializers.schedule import AppointmentWithRideHomeOutput
from .shared import IDEMPOTENCY_HEADER, booked


class AppointmentListCreateView(ListAPIView):
    """GET: the caller's own appointments (as patient, and as provider). POST: book one."""

    serializer_class = AppointmentOutput

    @extend_schema(parameters=[AppointmentListQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = AppointmentListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        upcoming_from = clock.now() if query.validated_data["upcoming"] else None
        return appointments_for_user(self.request.user, upcoming_from=upcoming_from)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        audit_record_many(actor=self.request.user, action=AuditAction.READ, objs=page, **ROW_OWNERS)
        return page

    @extend_schema(
        request=AppointmentCreateInput,
        responses={201: AppointmentOutput},
        parameters=[IDEMPOTENCY_HEADER],
        operation_id="appointments_book",
    )
    def post(self, request):
        incoming = AppointmentCreateInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        parties = access_booking_parties(request, data["clinic"], data["service"], data.get("patient"))
        result = appointment_book(
            actor=request.user,
            clinic=parties.clinic,
            service=parties.service,
            patient=parties.patient,
            start=data["start"],
            provider=access_provider(data.get("provider")),
            hold=data["hold"],
            idempotency_key=idempotency_key_from(request),
            will_not_drive=data["will_not_drive"],
            visit_region=data["visit_region"],
        )
        return booked(AppointmentOutput(result.appointment).data, replayed=result.replayed)


class AppointmentDetailView(APIView):
    @extend_schema(responses=AppointmentWithRideHomeOutput)
    def get(self, request, appointment_id):
        appointment = access_appointment(request, appointment_id).appointment
        appointment_audit(actor=request.user, action=AuditAction.READ, appointment=appointment)
        return Response(AppointmentWithRideHomeOutput(appointment).data)

    @extend_schema(request=RescheduleInput, responses=AppointmentOutput, operation_id="appointments_reschedule")
    def patch(self, request, appointment_id):
        """Move the appointment (reschedule). Patients may until the cancellation window begins."""
        access = access_appointment(request, appointment_id)
        incoming = RescheduleInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        appointment = appointment_reschedule(
            actor=request.user,
            appointment=access.appointment,
            start=incoming.validated_data["start"],
            provider=access_provider(incoming.validated_data.get("provider")),
        )
        return Response(AppointmentOutput(appointment).data)


class AppointmentTransitionView(APIView):
    """Change the status: confirm a hold, check in, mark completed or no-show, cancel (with a reason)."""

    @extend_schema(request=TransitionInput, responses=AppointmentOutput)
    def post(self, request, appointment_id):
        access = access_appointment(request, appointment_id)
        incoming = TransitionInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        appointment = appointment_transition(
            actor=request.user,
            appointment=access.appointment,
            to_status=incoming.validated_data["status"],
            reason=incoming.validated_data["reason"],
            accepted_quote=incoming.validated_data.get("accepted_quote"),
        )
        return Response(AppointmentOutput(appointment).data)


class AppointmentEventListView(APIView):
    """The appointment's history: bookings, status changes and moves."""

    @extend_schema(responses=AppointmentEventOutput(many=True))
    def get(self, request, appointment_id):
        appointment = access_appointment(request, appointment_id).appointment
        appointment_audit(actor=request.user, action=AuditAction.READ, appointment=appointment)
        return Response(AppointmentEventOutput(appointment_history(appointment), many=True).data)
