"""The visit itself: the ride home after a dose, and joining a video visit."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.booking.access import access_appointment, access_own_appointment
from apps.booking.errors import RideHomeNotAsked, StaffOnly
from apps.booking.ride_home import RideHomeStatus, ride_home_answer, ride_home_status
from apps.booking.services.recording import appointment_audit
from apps.booking.telehealth import telehealth_join
from apps.core import clock

from ..serializers.visits import JoinInput, JoinOutput, RideHomeInput, RideHomeOutput


class AppointmentRideHomeView(APIView):
    """A dose's ride home: who takes the patient home afterwards, or that they need help with it. The
    patient answers; the appointment's staff read it on the schedule."""

    @extend_schema(responses=RideHomeOutput)
    def get(self, request, appointment_id):
        appointment = access_own_appointment(request, appointment_id)
        status = ride_home_status(appointment)
        if status is None:
            raise RideHomeNotAsked()
        appointment_audit(actor=request.user, action=AuditAction.READ, appointment=appointment)
        return Response(RideHomeOutput(status).data)

    @extend_schema(request=RideHomeInput, responses=RideHomeOutput)
    def put(self, request, appointment_id):
        appointment = access_own_appointment(request, appointment_id)
        incoming = RideHomeInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        ride = ride_home_answer(actor=request.user, appointment=appointment, at=clock.now(), **incoming.validated_data)
        return Response(RideHomeOutput(RideHomeStatus.of(ride)).data)


class AppointmentJoinView(APIView):
    """A video-visit link for the appointment's patient or provider, from 15 minutes before the start
    until the end. The patient says where they are right now: a place where the provider is not
    licensed is refused (409 ``visit_location_not_licensed``) and the clinic is told."""

    @extend_schema(request=JoinInput, responses=JoinOutput, operation_id="appointment_join")
    def post(self, request, appointment_id):
        access = access_appointment(request, appointment_id)
        if not (access.as_patient or access.as_provider):
            raise StaffOnly("Only the patient and the provider can join this video visit.")
        incoming = JoinInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        region = incoming.validated_data["region"]
        link = telehealth_join(
            actor=request.user,
            appointment=access.appointment,
            as_patient=access.as_patient,
            region=region,
            at=clock.now(),
        )
        return Response(JoinOutput(link).data)
