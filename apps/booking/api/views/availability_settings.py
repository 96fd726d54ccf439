"""Staff manage what can be booked at their clinic: providers' weekly hours, extra hours and time off,
closures, chairs and services with their prices. Everyone on the clinic's staff reads; a clinic admin
changes everything; a provider changes their own hours and time off; front desk only reads. Another
clinic's objects answer 404."""

from collections.abc import Callable

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import ROW_OWNERS, audit_record_many
from apps.booking import provider_settings
from apps.booking.access import (
    access_chair,
    access_clinic_provider,
    access_clinic_settings,
    access_closure,
    access_override,
    access_provider_licence,
    access_provider_membership,
    access_service_type,
    access_weekly_hours,
)
from apps.booking.errors import WouldOrphanAppointments
from apps.booking.selectors.availability_settings import (
    chairs_for_clinic,
    closures_for_clinic,
    overrides_for_clinic,
    provider_memberships_at_clinic,
    providers_at_clinic,
    service_types_for_clinic,
    weekly_hours_for_clinic,
)
from apps.booking.selectors.catalogue import clinic_today
from apps.booking.services import availability_settings
from apps.clinics.permissions import IsClinicStaff
from apps.core import clock

from ..serializers.availability_settings import (
    AvailabilitySettingsOutput,
    ChairCreateInput,
    ChairSettingsOutput,
    ChairUpdateInput,
    ClosureInput,
    ClosureListQuery,
    ClosureOutput,
    LicenceCreateInput,
    LicenceInput,
    LicenceOutput,
    OrphanedAppointmentOutput,
    OverrideCreateInput,
    OverrideInput,
    OverrideListQuery,
    OverrideOutput,
    ProviderFilterQuery,
    ProviderSettingsInput,
    ProviderSettingsOutput,
    ServiceTypeInput,
    ServiceTypeSettingsOutput,
    WeeklyHoursCreateInput,
    WeeklyHoursInput,
    WeeklyHoursOutput,
    WouldOrphanErrorOutput,
)

# The refusal names the appointments the change would strand (their patients: audited as a read).
WOULD_ORPHAN = {
    409: OpenApiResponse(
        WouldOrphanErrorOutput,
        description="`would_orphan_appointments`: upcoming appointments fall outside the new availability "
        "(listed); or `hours_overlap` / `name_taken` with `fields`.",
    )
}


def _refusing_orphans(request, change: Callable):
    """Run ``change``; when it is refused for stranding appointments, list them in the answer."""
    try:
        return change()
    except WouldOrphanAppointments as refusal:
        audit_record_many(
            actor=request.user,
            action=AuditAction.READ,
            objs=refusal.appointments,
            **ROW_OWNERS,
        )
        refusal.extra = {"appointments": OrphanedAppointmentOutput(refusal.appointments, many=True).data}
        raise


def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _today(clinic):
    return clinic_today(clinic, at=clock.now())


class AvailabilitySettingsView(APIView):
    """The clinic's zone, the caller's role, and the providers whose hours the caller may change."""

    permission_classes = [IsClinicStaff]

    @extend_schema(responses=AvailabilitySettingsOutput)
    def get(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        providers = list(providers_at_clinic(access.clinic))
        for provider in providers:
            provider.may_edit = access.may_edit_hours_of(provider)
        body = {
            "clinic": access.clinic,
            "role": access.role,
            "may_edit_clinic": access.may_edit_clinic,
            "providers": providers,
        }
        return Response(AvailabilitySettingsOutput(body).data)


class WeeklyHoursListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=[ProviderFilterQuery], responses=WeeklyHoursOutput(many=True))
    def get(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        query = _valid(ProviderFilterQuery, request.query_params)
        provider = access_clinic_provider(access.clinic, query["provider"]) if "provider" in query else None
        hours = weekly_hours_for_clinic(access.clinic, provider=provider)
        return Response(WeeklyHoursOutput(hours, many=True).data)

    @extend_schema(request=WeeklyHoursCreateInput, responses={201: WeeklyHoursOutput, **WOULD_ORPHAN})
    def post(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        access.require_may_edit_some_hours()
        data = _valid(WeeklyHoursCreateInput, request.data)
        provider = access_clinic_provider(access.clinic, data.pop("provider"))
        access.require_may_edit_hours_of(provider)
        hours = availability_settings.weekly_hours_create(clinic=access.clinic, provider=provider, **data)
        return Response(WeeklyHoursOutput(hours).data, status=status.HTTP_201_CREATED)


class WeeklyHoursDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(request=WeeklyHoursInput, responses={200: WeeklyHoursOutput, **WOULD_ORPHAN})
    def put(self, request, clinic_slug, hours_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_may_edit_some_hours()
        hours = access_weekly_hours(access.clinic, hours_id)
        access.require_may_edit_hours_of(hours.provider)
        data = _valid(WeeklyHoursInput, request.data)
        hours = _refusing_orphans(request, lambda: availability_settings.weekly_hours_update(hours=hours, **data))
        return Response(WeeklyHoursOutput(hours).data)

    @extend_schema(responses={204: None, **WOULD_ORPHAN})
    def delete(self, request, clinic_slug, hours_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_may_edit_some_hours()
        hours = access_weekly_hours(access.clinic, hours_id)
        access.require_may_edit_hours_of(hours.provider)
        _refusing_orphans(request, lambda: availability_settings.weekly_hours_delete(hours=hours))
        return Response(status=status.HTTP_204_NO_CONTENT)


class OverrideListView(APIView):
    """Extra hours and time off, from today on unless ``since`` says otherwise."""

    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=[OverrideListQuery], responses=OverrideOutput(many=True))
    def get(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        query = _valid(OverrideListQuery, request.query_params)
        provider = access_clinic_provider(access.clinic, query["provider"]) if "provider" in query else None
        since = query.get("since") or _today(access.clinic)
        overrides = overrides_for_clinic(access.clinic, since=since, provider=provider)
        return Response(OverrideOutput(overrides, many=True).data)

    @extend_schema(request=OverrideCreateInput, responses={201: OverrideOutput, **WOULD_ORPHAN})
    def post(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        access.require_may_edit_some_hours()
        data = _valid(OverrideCreateInput, request.data)
        provider = access_clinic_provider(access.clinic, data.pop("provider"))
        access.require_may_edit_hours_of(provider)
        override = _refusing_orphans(
            request, lambda: availability_settings.override_create(clinic=access.clinic, provider=provider, **data)
        )
        return Response(OverrideOutput(override).data, status=status.HTTP_201_CREATED)


class OverrideDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(request=OverrideInput, responses={200: OverrideOutput, **WOULD_ORPHAN})
    def put(self, request, clinic_slug, override_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_may_edit_some_hours()
        override = access_override(access.clinic, override_id)
        access.require_may_edit_hours_of(override.provider)
        data = _valid(OverrideInput, request.data)
        override = _refusing_orphans(
            request, lambda: availability_settings.override_update(clinic=access.clinic, override=override, **data)
        )
        return Response(OverrideOutput(override).data)

    @extend_schema(responses={204: None, **WOULD_ORPHAN})
    def delete(self, request, clinic_slug, override_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_may_edit_some_hours()
        override = access_override(access.clinic, override_id)
        access.require_may_edit_hours_of(override.provider)
        _refusing_orphans(
            request, lambda: availability_settings.override_delete(clinic=access.clinic, override=override)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClosureListView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=[ClosureListQuery], responses=ClosureOutput(many=True))
    def get(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        query = _valid(ClosureListQuery, request.query_params)
        closures = closures_for_clinic(access.clinic, since=query.get("since") or _today(access.clinic))
        return Response(ClosureOutput(closures, many=True).data)

    @extend_schema(request=ClosureInput, responses={201: ClosureOutput, **WOULD_ORPHAN})
    def post(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        data = _valid(ClosureInput, request.data)
        closure = _refusing_orphans(request, lambda: availability_settings.closure_create(clinic=access.clinic, **data))
        return Response(ClosureOutput(closure).data, status=status.HTTP_201_CREATED)


class ClosureDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(request=ClosureInput, responses={200: ClosureOutput, **WOULD_ORPHAN})
    def put(self, request, clinic_slug, closure_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        closure = access_closure(access.clinic, closure_id)
        data = _valid(ClosureInput, request.data)
        closure = _refusing_orphans(request, lambda: availability_settings.closure_update(closure=closure, **data))
        return Response(ClosureOutput(closure).data)

    @extend_schema(responses={204: None})
    def delete(self, request, clinic_slug, closure_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        closure = access_closure(access.clinic, closure_id)
        availability_settings.closure_delete(closure=closure)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChairListView(APIView):
    """Every chair, the ones out of use too. Chairs are never deleted (past sessions name them)."""

    permission_classes = [IsClinicStaff]

    @extend_schema(responses=ChairSettingsOutput(many=True))
    def get(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        return Response(ChairSettingsOutput(chairs_for_clinic(access.clinic), many=True).data)

    @extend_schema(request=ChairCreateInput, responses={201: ChairSettingsOutput, **WOULD_ORPHAN})
    def post(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        data = _valid(ChairCreateInput, request.data)
        chair = availability_settings.chair_create(clinic=access.clinic, **data)
        return Response(ChairSettingsOutput(chair).data, status=status.HTTP_201_CREATED)


class ChairDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(request=ChairUpdateInput, responses={200: ChairSettingsOutput, **WOULD_ORPHAN})
    def patch(self, request, clinic_slug, chair_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        chair = access_chair(access.clinic, chair_id)
        data = _valid(ChairUpdateInput, request.data)
        chair = _refusing_orphans(request, lambda: availability_settings.chair_update(chair=chair, **data))
        return Response(ChairSettingsOutput(chair).data)


class ServiceTypeListView(APIView):
    """Every service of the clinic with its settings and price, the ones out of use too (patients
    see the active ones at GET /clinics/{clinic_slug}/services)."""

    permission_classes = [IsClinicStaff]

    @extend_schema(responses=ServiceTypeSettingsOutput(many=True))
    def get(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        return Response(ServiceTypeSettingsOutput(service_types_for_clinic(access.clinic), many=True).data)

    @extend_schema(request=ServiceTypeInput, responses={201: ServiceTypeSettingsOutput, **WOULD_ORPHAN})
    def post(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        data = _valid(ServiceTypeInput, request.data)
        service = availability_settings.service_type_create(clinic=access.clinic, **data)
        return Response(ServiceTypeSettingsOutput(service).data, status=status.HTTP_201_CREATED)


class ServiceTypeDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(request=ServiceTypeInput(partial=True), responses={200: ServiceTypeSettingsOutput, **WOULD_ORPHAN})
    def patch(self, request, clinic_slug, service_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        service = access_service_type(access.clinic, service_id)
        data = _valid(ServiceTypeInput, request.data, partial=True)
        service = _refusing_orphans(request, lambda: availability_settings.service_type_update(service=service, **data))
        return Response(ServiceTypeSettingsOutput(service).data)


class ProviderSettingsListView(APIView):
    """The providers who work here, each with their booking weight and telehealth licences."""

    permission_classes = [IsClinicStaff]

    @extend_schema(responses=ProviderSettingsOutput(many=True))
    def get(self, request, clinic_slug):
        access = access_clinic_settings(request, clinic_slug)
        return Response(ProviderSettingsOutput(provider_memberships_at_clinic(access.clinic), many=True).data)


class ProviderSettingsDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(request=ProviderSettingsInput, responses=ProviderSettingsOutput)
    def patch(self, request, clinic_slug, provider_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        membership = access_provider_membership(access.clinic, provider_id)
        data = _valid(ProviderSettingsInput, request.data)
        provider_settings.provider_booking_weight_set(membership=membership, **data)
        return Response(ProviderSettingsOutput(access_provider_membership(access.clinic, provider_id)).data)


class LicenceListView(APIView):
    """Add a region where the provider may see patients by video (a clinic admin)."""

    permission_classes = [IsClinicStaff]

    @extend_schema(request=LicenceCreateInput, responses={201: LicenceOutput})
    def post(self, request, clinic_slug, provider_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        provider = access_provider_membership(access.clinic, provider_id).user.provider_profile
        data = _valid(LicenceCreateInput, request.data)
        licence = provider_settings.provider_licence_create(clinic=access.clinic, provider=provider, **data)
        return Response(LicenceOutput(licence).data, status=status.HTTP_201_CREATED)


class LicenceDetailView(APIView):
    """Change a licence's number or expiry, or remove it; refused while a booked video visit needs it."""

    permission_classes = [IsClinicStaff]

    @extend_schema(request=LicenceInput(partial=True), responses={200: LicenceOutput, **WOULD_ORPHAN})
    def patch(self, request, clinic_slug, licence_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        licence = access_provider_licence(access.clinic, licence_id)
        data = _valid(LicenceInput, request.data, partial=True)
        licence = _refusing_orphans(
            request, lambda: provider_settings.provider_licence_update(clinic=access.clinic, licence=licence, **data)
        )
        return Response(LicenceOutput(licence).data)

    @extend_schema(responses={204: None, **WOULD_ORPHAN})
    def delete(self, request, clinic_slug, licence_id):
        access = access_clinic_settings(request, clinic_slug)
        access.require_clinic_admin()
        licence = access_provider_licence(access.clinic, licence_id)
        _refusing_orphans(
            request, lambda: provider_settings.provider_licence_delete(clinic=access.clinic, licence=licence)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
