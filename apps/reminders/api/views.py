from operator import attrgetter

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.clinics.access import access_clinic_as_staff
from apps.clinics.permissions import IsClinicStaff
from apps.core.exceptions import ApplicationError, NotFound
from apps.reminders import services
from apps.reminders.channels import in_app_view, unsubscribe_token_read
from apps.reminders.kinds import is_kind, rules_for
from apps.reminders.models import Status
from apps.reminders.selectors import (
    access_clinic_notification,
    access_own_notification,
    delivery_log_for_clinic,
    in_app_notifications_for,
    preferences_for,
)

from .serializers import (
    DeliveryLogOutput,
    DeliveryLogQuery,
    InAppNotificationOutput,
    PhoneVerificationConfirmInput,
    PhoneVerificationStartInput,
    PreferencesSerializer,
    UnsubscribeOutput,
)


class NotificationListView(ListAPIView):
    serializer_class = InAppNotificationOutput

    def get_queryset(self):
        return in_app_notifications_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer([in_app_view(n) for n in page], many=True).data)


class NotificationReadView(APIView):
    @extend_schema(request=None, responses=InAppNotificationOutput)
    def post(self, request, notification_id):
        notification = services.notification_mark_read(
            notification=access_own_notification(request.user, notification_id)
        )
        return Response(InAppNotificationOutput(in_app_view(notification)).data)


class PreferencesView(APIView):
    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return Response(PreferencesSerializer(preferences_for(request.user)).data)

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def patch(self, request):
        incoming = PreferencesSerializer(preferences_for(request.user), data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        prefs = services.preferences_update(user=request.user, **incoming.validated_data)
        return Response(PreferencesSerializer(prefs).data)


class PhoneVerificationStartView(APIView):
    @extend_schema(request=PhoneVerificationStartInput, responses={202: None})
    def post(self, request):
        incoming = PhoneVerificationStartInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.phone_verification_start(user=request.user, number=incoming.validated_data["number"])
        return Response(status=202)


class PhoneVerificationConfirmView(APIView):
    @extend_schema(request=PhoneVerificationConfirmInput, responses=PreferencesSerializer)
    def post(self, request):
        incoming = PhoneVerificationConfirmInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        prefs = services.phone_verification_confirm(user=request.user, code=incoming.validated_data["code"])
        return Response(PreferencesSerializer(prefs).data)


class UnsubscribeView(APIView):
    """Reached from a link in an e-mail, signed in or not: the signed token is the authority.
    No session authentication, so mail clients' one-click POST needs no CSRF token."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def _target(self, token):
        claim = unsubscribe_token_read(token)
        user = claim and get_user_model().objects.filter(pk=claim["user"], is_active=True).first()
        if not user or not is_kind(claim["kind"]) or rules_for(claim["kind"]).essential:
            raise NotFound("This unsubscribe link is not valid.")
        return user, claim["kind"]

    def _answer(self, user, kind):
        unsubscribed = kind in preferences_for(user).unsubscribed_kinds
        return Response(
            UnsubscribeOutput({"kind": kind, "description": rules_for(kind).label, "unsubscribed": unsubscribed}).data
        )

    @extend_schema(responses=UnsubscribeOutput)
    def get(self, request, token):
        return self._answer(*self._target(token))

    @extend_schema(request=None, responses=UnsubscribeOutput)
    def post(self, request, token):
        user, kind = self._target(token)
        services.unsubscribe(user=user, kind=kind)
        return self._answer(user, kind)


class OnlyFailedCanBeResent(ApplicationError):
    code = "not_failed"
    status_code = 409
    default_message = "Only a message that failed can be sent again."


class ClinicDeliveryLogView(ListAPIView):
    permission_classes = [IsClinicStaff]
    serializer_class = DeliveryLogOutput

    @extend_schema(parameters=[DeliveryLogQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        clinic = access_clinic_as_staff(self.request.user, self.kwargs["clinic_slug"])
        query = DeliveryLogQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        return delivery_log_for_clinic(clinic, status=params.get("status"), recipient_id=params.get("recipient"))

    def paginate_queryset(self, queryset):
        # Who was sent what reveals who is a patient here: each row shown is audited.
        page = super().paginate_queryset(queryset)
        audit_record_many(
            actor=self.request.user,
            action=AuditAction.READ,
            objs=page,
            patient_of=attrgetter("recipient_id"),
            clinic_of=attrgetter("clinic_id"),
        )
        return page


class ClinicResendView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(request=None, responses=DeliveryLogOutput)
    def post(self, request, clinic_slug, notification_id):
        clinic = access_clinic_as_staff(request.user, clinic_slug)
        notification = access_clinic_notification(clinic, notification_id)
        if notification.status != Status.FAILED:
            raise OnlyFailedCanBeResent()
        return Response(DeliveryLogOutput(services.notification_resend(notification=notification)).data)
