"""Booking a treatment series."""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from apps.booking.access import access_booking_parties, access_provider
from apps.booking.selectors.appointments import series_sessions
from apps.booking.services.series import SessionRequest, series_book
from apps.core.idempotency import idempotency_key_from

from ..serializers.series import SeriesCreateInput, SeriesOutput
from .shared import IDEMPOTENCY_HEADER, booked


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
        parties = access_booking_parties(request, data["clinic"], data["service"], data.get("patient"))
        result = series_book(
            actor=request.user,
            clinic=parties.clinic,
            service=parties.service,
            patient=parties.patient,
            sessions=[
                SessionRequest(start=session["start"], provider=access_provider(session.get("provider")))
                for session in data["sessions"]
            ],
            idempotency_key=idempotency_key_from(request),
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
        return booked(SeriesOutput(body).data, replayed=result.replayed)
