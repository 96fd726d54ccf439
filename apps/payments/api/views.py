from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import ROW_OWNERS, audit_record_many
from apps.booking.access import access_appointment
from apps.booking.selectors.catalogue import services_for_clinic
from apps.booking.services.recording import appointment_audit
from apps.clinics.access import access_active_clinic, access_clinic_as_staff
from apps.clinics.permissions import IsClinicStaff
from apps.core import clock
from apps.core.idempotency import idempotency_key_from

from .. import stripe_client
from ..access import (
    access_clinic_for_policy,
    access_own_card_consent,
    access_own_payment,
    access_payment,
    access_payment_to_refund,
)
from ..policy import card_on_file_terms
from ..selectors import (
    PAY_AT_CLINIC,
    STRIPE,
    cancellation_quote,
    card_consents_for_patient,
    payment_by_id,
    payment_mode,
    payments_for_appointment,
    payments_for_clinic,
    payments_for_patient,
    policy_for_clinic,
)
from ..services.cards import card_consent_revoke
from ..services.checkout import payment_checkout, payment_reconcile
from ..services.policy import payment_policy_set
from ..services.refunds import refund_request
from ..services.steps import payment_audit
from ..services.stripe_events import stripe_event_record
from .serializers import (
    CancellationQuoteOutput,
    CardConsentOutput,
    CheckoutInput,
    CheckoutOutput,
    ClinicPaymentsInfoOutput,
    ClinicPaymentsQuery,
    PaymentOutput,
    PolicyInput,
    RefundInput,
    RefundOutput,
    WebhookAckOutput,
    quote_data,
    service_prices,
)

MODE_LABELS = {
    STRIPE: "Paid online when booking, by card (Stripe).",
    PAY_AT_CLINIC: "Pay at the clinic: nothing is paid online, and the portal records no payments.",
}
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description="Any unique string (e.g. a UUID): the same key again returns the first refund.",
)


def _clinic_payments_info(clinic) -> dict:
    policy = policy_for_clinic(clinic)
    mode = payment_mode(policy)
    online = mode == STRIPE
    return {
        "clinic": clinic.slug,
        "payment_mode": mode,
        "payment_mode_label": MODE_LABELS[mode],
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY if online else None,
        "policy": policy,
        "services": service_prices(services_for_clinic(clinic), policy, online),
        "card_on_file_terms": card_on_file_terms(policy, clinic.name) if online and policy is not None else None,
    }


class ClinicPaymentPolicyView(APIView):
    """GET (anyone): how the clinic takes payment, what each service costs at booking, its
    cancellation and no-show terms. PUT (a clinic administrator): set the policy."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsClinicStaff()]

    @extend_schema(responses=ClinicPaymentsInfoOutput, auth=[])
    def get(self, request, clinic_slug):
        clinic = access_active_clinic(clinic_slug)
        return Response(ClinicPaymentsInfoOutput(_clinic_payments_info(clinic)).data)

    @extend_schema(request=PolicyInput, responses=ClinicPaymentsInfoOutput)
    def put(self, request, clinic_slug):
        clinic = access_clinic_for_policy(request, clinic_slug)
        incoming = PolicyInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        payment_policy_set(clinic=clinic, values=incoming.validated_data)
        return Response(ClinicPaymentsInfoOutput(_clinic_payments_info(clinic)).data)


class ClinicPaymentListView(ListAPIView):
    """Staff: the clinic's payments, newest first, with their refunds."""

    permission_classes = [IsClinicStaff]
    serializer_class = PaymentOutput

    @extend_schema(parameters=[ClinicPaymentsQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        clinic = access_clinic_as_staff(self.request.user, self.kwargs["clinic_slug"])
        query = ClinicPaymentsQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return payments_for_clinic(clinic, **query.validated_data)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        audit_record_many(actor=self.request.user, action=AuditAction.READ, objs=page, **ROW_OWNERS)
        return page


class MyPaymentListView(ListAPIView):
    """The caller's payments, fees to pay and refunds, with receipts."""

    serializer_class = PaymentOutput

    def get_queryset(self):
        return payments_for_patient(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        audit_record_many(actor=self.request.user, action=AuditAction.READ, objs=page, **ROW_OWNERS)
        return page

    @extend_schema(operation_id="me_payments_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AppointmentPaymentListView(APIView):
    """What was (or is to be) paid for an appointment: its payment at booking (or its series'), fees."""

    @extend_schema(responses=PaymentOutput(many=True))
    def get(self, request, appointment_id):
        appointment = access_appointment(request, appointment_id).appointment
        payments = list(payments_for_appointment(appointment))
        appointment_audit(actor=request.user, action=AuditAction.READ, appointment=appointment)
        audit_record_many(actor=request.user, action=AuditAction.READ, objs=payments, **ROW_OWNERS)
        return Response(PaymentOutput(payments, many=True).data)


class CancellationQuoteView(APIView):
    """What cancelling the appointment now would do (refund, partial refund or fee), computed as the
    cancellation will apply it, before the caller confirms."""

    @extend_schema(responses=CancellationQuoteOutput)
    def get(self, request, appointment_id):
        access = access_appointment(request, appointment_id)
        appointment = access.appointment
        quote = cancellation_quote(appointment, at=clock.now(), by_patient=access.as_patient)
        appointment_audit(actor=request.user, action=AuditAction.READ, appointment=appointment)
        return Response(CancellationQuoteOutput(quote_data(appointment, quote)).data)


class PaymentDetailView(APIView):
    @extend_schema(responses=PaymentOutput)
    def get(self, request, payment_id):
        payment = access_payment(request, payment_id).payment
        payment_audit(actor=request.user, action=AuditAction.READ, payment=payment)
        return Response(PaymentOutput(payment).data)


class PaymentCheckoutView(APIView):
    """The patient pays: returns the client secret for Stripe's Payment Element (one intent per payment,
    whatever the number of requests). ``save_card`` records consent to keep the card for fees."""

    @extend_schema(request=CheckoutInput, responses=CheckoutOutput)
    def post(self, request, payment_id):
        payment = access_own_payment(request, payment_id)
        incoming = CheckoutInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        checkout = payment_checkout(
            actor=request.user,
            payment=payment,
            save_card=incoming.validated_data["save_card"],
            consent_text_version=incoming.validated_data["consent_text_version"],
        )
        body = {
            "payment": payment_by_id(checkout.payment.pk),
            "payment_mode": STRIPE,
            "client_secret": checkout.client_secret,
            "publishable_key": checkout.publishable_key,
            "saves_card": checkout.payment.saves_card,
        }
        return Response(CheckoutOutput(body).data)


class PaymentConfirmationView(APIView):
    """After the browser has paid: read the payment back from Stripe and act on it now (a paid hold is
    confirmed) rather than waiting for the webhook. Safe to repeat."""

    @extend_schema(request=None, responses=PaymentOutput)
    def post(self, request, payment_id):
        payment = access_payment(request, payment_id).payment
        payment_reconcile(payment=payment)
        payment_audit(actor=request.user, action=AuditAction.UPDATE, payment=payment)
        return Response(PaymentOutput(payment_by_id(payment.pk)).data)


class PaymentRefundListView(APIView):
    """Staff (front desk, clinic admin): refund a payment, in full or in part, with a reason."""

    permission_classes = [IsClinicStaff]

    @extend_schema(request=RefundInput, responses={201: RefundOutput}, parameters=[IDEMPOTENCY_HEADER])
    def post(self, request, payment_id):
        payment = access_payment_to_refund(request, payment_id)
        incoming = RefundInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        result = refund_request(
            actor=request.user,
            payment=payment,
            amount_cents=incoming.validated_data["amount_cents"],
            reason=incoming.validated_data["reason"],
            idempotency_key=idempotency_key_from(request, required=True),
        )
        response = Response(RefundOutput(result.refund).data, status=status.HTTP_201_CREATED)
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class MyCardConsentListView(APIView):
    """The caller's card-on-file consents (active and withdrawn), with the words agreed to."""

    @extend_schema(responses=CardConsentOutput(many=True), operation_id="me_card_consents_list")
    def get(self, request):
        return Response(CardConsentOutput(card_consents_for_patient(request.user), many=True).data)


class MyCardConsentDetailView(APIView):
    @extend_schema(responses=CardConsentOutput, operation_id="me_card_consents_withdraw")
    def delete(self, request, consent_id):
        """Withdraw the consent: the clinic may no longer charge the saved card."""
        consent = card_consent_revoke(actor=request.user, consent=access_own_card_consent(request, consent_id))
        return Response(CardConsentOutput(consent).data)


class StripeWebhookView(APIView):
    """Stripe's events. The signature is checked over the raw body (a bad one, or an old timestamp, is a
    400 and nothing is written); each event is stored once and processed by a task after commit."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=OpenApiTypes.OBJECT, responses=WebhookAckOutput, auth=[])
    def post(self, request):
        event = stripe_client.webhook_event_verify(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
        stripe_event_record(event=event)
        return Response(WebhookAckOutput({"received": True}).data)
