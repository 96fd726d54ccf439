"""What can be booked: a clinic's services, free times, and a proposed treatment series."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.booking.access import access_availability_viewer, access_provider, access_service
from apps.booking.gates import series_shape
from apps.booking.selectors.availability import availability_for
from apps.booking.selectors.catalogue import services_for_clinic
from apps.booking.selectors.series import series_proposal
from apps.clinics.access import access_active_clinic
from apps.core import clock

from ..serializers.availability import AvailabilityOutput, AvailabilityQuery, availability_body
from ..serializers.catalogue import ServiceOutput
from ..serializers.series import SeriesProposalOutput, SeriesProposalQuery, proposal_data
from .shared import viewer_zone


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
        return Response(availability_body(availability, viewer_zone(params.get("timezone"), viewer.patient)))


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
