"""Calendar files: one appointment's .ics, and the patient's private feed."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import ROW_OWNERS, audit_record_many
from apps.booking.access import access_appointment
from apps.booking.calendar import appointment_calendar
from apps.booking.selectors.appointments import calendar_feed_appointments, calendar_feed_for_token
from apps.booking.services.calendar_feeds import calendar_feed_issue, calendar_feed_revoke
from apps.booking.services.recording import appointment_audit
from apps.core import clock

from ..serializers.calendars import CalendarFeedOutput
from .shared import ICS_RESPONSE, ics


class AppointmentCalendarView(APIView):
    """The appointment as an .ics file (no treatment details in it)."""

    @extend_schema(responses=ICS_RESPONSE)
    def get(self, request, appointment_id):
        appointment = access_appointment(request, appointment_id).appointment
        appointment_audit(actor=request.user, action=AuditAction.EXPORT, appointment=appointment)
        return ics(appointment_calendar([appointment], viewer=request.user, at=clock.now()), "appointment.ics")


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
        audit_record_many(actor=request.user, action=AuditAction.EXPORT, objs=appointments, **ROW_OWNERS)
        return ics(appointment_calendar(appointments, viewer=user, at=at), "appointments.ics")
