from datetime import timedelta
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.booking.access import (
    access_appointment,
    access_availability_viewer,
    access_booking_parties,
    access_own_appointment,
    access_provider,
    access_service,
)
from apps.booking.calendar import appointment_calendar
from apps.booking.errors import NotBookable, RideHomeNotAsked, StaffOnly
from apps.booking.gates import series_shape
from apps.booking.ride_home import RideHomeStatus, ride_home_answer, ride_home_status
from apps.booking.selectors.appointments import (
    appointment_history,
    appointments_for_user,
    appointments_of_patient_at_clinic,
    calendar_feed_appointments,
    calendar_feed_for_token,
    clinic_schedule,
    series_sessions,
)
from apps.booking.selectors.availability import availability_for
from apps.booking.selectors.catalogue import services_for_clinic
from apps.booking.selectors.series import series_proposal
from apps.booking.services.booking import appointment_book
from apps.booking.services.calendar_feeds import calendar_feed_issue, calendar_feed_revoke
from apps.booking.services.moves import appointment_reschedule
from apps.booking.services.recording import appointment_audit
from apps.booking.services.series import SessionRequest, series_book
from apps.booking.services.status import appointment_transition
from apps.booking.telehealth import telehealth_join
from apps.clinics.access import access_active_clinic, access_clinic_as_staff, access_clinic_patient
from apps.clinics.permissions import IsClinicStaff
from apps.core import clock

from .serializers import (
    AppointmentCreateInput,
    AppointmentEventOutput,
    AppointmentListQuery,
    AppointmentOutput,
    AppointmentWithRideHomeOutput,
    AvailabilityOutput,
    AvailabilityQuery,
    CalendarFeedOutput,
    JoinInput,
    JoinOutput,
    PatientAppointmentListQuery,
    RescheduleInput,
    RideHomeInput,
    RideHomeOutput,
    ScheduleOutput,
    ScheduleQuery,
    SeriesCreateInput,
    SeriesOutput,
    SeriesProposalOutput,
    SeriesProposalQuery,
    ServiceOutput,
    TransitionInput,
    availability_data,
    proposal_data,
    schedule_data,
)

# Each appointment is its patient's information, at its clinic.
OWNERS = {"patient_of": attrgetter("patient_id"), "clinic_of": attrgetter("clinic_id")}

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (e.g. a UUID): a retried request with the same key returns the first result.",
)
ICS_RESPONSE = {(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar")}


def _idempotency_key(request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    key = key.strip()
    if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
        message = "Use 1 to 255 printable ASCII characters."
        raise NotBookable("The Idempotency-Key header is not valid.", fields={"Idempotency-Key": [message]})
    return key


def _booked(data, *, replayed: bool) -> Response:
    response = Response(data, status=status.HTTP_201_CREATED)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _viewer_zone(requested: str | None, patient) -> ZoneInfo | None:
    if requested:
        return ZoneInfo(requested)
    profile = getattr(patient, "patient_profile", None) if patient is not None else None
    return ZoneInfo(profile.timezone) if profile is not None else None


class ClinicServiceListView(APIView):
    """The services a clinic offers, with durations, notice, cancellation window and price."""

    @extend_schema(responses=ServiceOutput(many=True))
    def get(self, request, clinic_slug):
        clinic = access_active_clinic(clinic_slug)
        return Response(ServiceOutput(services_for_clinic(clinic), many=True).data)


class AvailabilityView(APIView):
    """Bookable start times on the clinic's local grid, with the free providers (and chairs)."""

    @extend_schema(parameters=[AvailabilityQuery], responses=AvailabilityOutput)
    def get(self, request, clinic_slug):
        query = AvailabilityQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        clinic = access_active_clinic(clinic_slug)
        viewer = access_availability_viewer(request, clinic, params.get("patient"))
        availability = availability_for(
            clinic=clinic,
            service=access_service(clinic, params["service"]),
            first_day=params["start"],
            last_day=params["end"],
            at=clock.now(),
            patient=viewer.patient,
            provider=access_provider(params.get("provider")),
            patient_rules=viewer.patient_rules,
            visit_region=params["visit_region"],
        )
        data = availability_data(availability, _viewer_zone(params.get("timezone"), viewer.patient))
        return Response(AvailabilityOutput(data).data)


class SeriesProposalView(APIView):
    """A proposed schedule for a treatment series (the induction series by default), from what is
    free now. Book it with POST /series; nothing is held until then."""

    @extend_schema(parameters=[SeriesProposalQuery], responses=SeriesProposalOutput)
    def get(self, request, clinic_slug):
        query = SeriesProposalQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        clinic = access_active_clinic(clinic_slug)
        viewer = access_availability_viewer(request, clinic, params.get("patient"))
        service = access_service(clinic, params["service"])
        sessions, within_days = series_shape(
            patient=viewer.patient,
            service=service,
            clinic=clinic,
            first_day=params["start"],
            sessions=params["sessions"],
            within_days=params["within_days"],
        )
        proposal = series_proposal(
            clinic=clinic,
            service=service,
            first_day=params["start"],
            at=clock.now(),
            patient=viewer.patient,
            provider=access_provider(params.get("provider")),
            patient_rules=viewer.patient_rules,
            sessions=sessions,
            within_days=within_days,
            preferred_time=params.get("time"),
        )
        return Response(SeriesProposalOutput(proposal_data(clinic, service, proposal)).data)


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
        audit_record_many(actor=request.user, action=AuditAction.READ, objs=schedule.appointments, **OWNERS)
        return Response(ScheduleOutput(schedule_data(schedule)).data)


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
        audit_record_many(actor=self.request.user, action=AuditAction.READ, objs=page, **OWNERS)
        return page


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
        audit_record_many(actor=self.request.user, action=AuditAction.READ, objs=page, **OWNERS)
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
        parties = access_booking_parties(request, data["clinic"], data.get("patient"))
        result = appointment_book(
            actor=request.user,
            clinic=parties.clinic,
            service=access_service(parties.clinic, data["service"]),
            patient=parties.patient,
            start=data["start"],
            provider=access_provider(data.get("provider")),
            hold=data["hold"],
            idempotency_key=_idempotency_key(request),
            will_not_drive=data["will_not_drive"],
            visit_region=data["visit_region"],
        )
        return _booked(AppointmentOutput(result.appointment).data, replayed=result.replayed)


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


class AppointmentCalendarView(APIView):
    """The appointment as an .ics file (no treatment details in it)."""

    @extend_schema(responses=ICS_RESPONSE)
    def get(self, request, appointment_id):
        appointment = access_appointment(request, appointment_id).appointment
        appointment_audit(actor=request.user, action=AuditAction.EXPORT, appointment=appointment)
        return _ics(appointment_calendar([appointment], viewer=request.user, at=clock.now()), "appointment.ics")


class SeriesCreateView(APIView):
    """Book a treatment series, all or nothing."""

    @extend_schema(
        request=SeriesCreateInput,
        responses={201: SeriesOutput},
        parameters=[IDEMPOTENCY_HEADER],
        operation_id="series_book",
    )
    def post(self, request):
        incoming = SeriesCreateInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        parties = access_booking_parties(request, data["clinic"], data.get("patient"))
        result = series_book(
            actor=request.user,
            clinic=parties.clinic,
            service=access_service(parties.clinic, data["service"]),
            patient=parties.patient,
            sessions=[
                SessionRequest(start=session["start"], provider=access_provider(session.get("provider")))
                for session in data["sessions"]
            ],
            idempotency_key=_idempotency_key(request),
            within_days=data["within_days"],
            will_not_drive=data["will_not_drive"],
        )
        series = result.series
        body = {
            "id": series.pk,
            "clinic": series.clinic,
            "service": series.service,
            "appointments": series_sessions(series),
        }
        return _booked(SeriesOutput(body).data, replayed=result.replayed)


class MyCalendarFeedView(APIView):
    """The caller's private calendar-feed URL: make (or replace) it, see whether one is active,
    or revoke it."""

    @extend_schema(responses=CalendarFeedOutput, operation_id="me_calendar_feed_retrieve")
    def get(self, request):
        feed = getattr(request.user, "calendar_feed", None)
        return Response(
            CalendarFeedOutput({"active": feed is not None, "created_at": feed and feed.updated_at, "url": None}).data
        )

    @extend_schema(request=None, responses={201: CalendarFeedOutput}, operation_id="me_calendar_feed_create")
    def post(self, request):
        token = calendar_feed_issue(user=request.user)
        url = request.build_absolute_uri(f"/api/v1/calendar-feeds/{token}.ics")
        body = {"active": True, "created_at": request.user.calendar_feed.updated_at, "url": url}
        return Response(CalendarFeedOutput(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, operation_id="me_calendar_feed_destroy")
    def delete(self, request):
        calendar_feed_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarFeedView(APIView):
    """A private calendar feed: the token in the URL is the only credential (calendar apps send no
    cookies). Patients see their upcoming appointments; providers their schedule."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses=ICS_RESPONSE, auth=[])
    def get(self, request, token):
        user = calendar_feed_for_token(token)
        at = clock.now()
        appointments = list(calendar_feed_appointments(user, at=at))
        request.user = user
        audit_record_many(actor=request.user, action=AuditAction.EXPORT, objs=appointments, **OWNERS)
        return _ics(appointment_calendar(appointments, viewer=user, at=at), "appointments.ics")
