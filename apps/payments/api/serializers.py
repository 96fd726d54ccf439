"""Input and output shapes of the payments API. Amounts are integer cents with their currency; instants
go out in UTC, and the cancellation window's opening also in the clinic's wall-clock time."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.booking.api.serializers.instants import WallClockOutput, utc_text, wall_clock
from apps.booking.models import INDUCTION_SESSIONS
from apps.booking.selectors.catalogue import clinic_zone

from ..models import (
    AtBooking,
    CardOnFileConsent,
    LateCancellation,
    PaymentKind,
    PaymentStatus,
    RefundKind,
    RefundStatus,
)
from ..policy import amount_due_at_booking
from ..selectors import PAY_AT_CLINIC, PAYMENT_REQUEST, SAVED_CARD, STRIPE, refunded_cents

PAYMENT_MODES = [(STRIPE, "Paid online with Stripe"), (PAY_AT_CLINIC, "Paid at the clinic")]

# --- Policy --------------------------------------------------------------------------------------


class PolicyInput(serializers.Serializer):
    currency = serializers.RegexField(r"^[A-Z]{3}$", help_text="ISO 4217, the currency of the clinic's services.")
    consultation_at_booking = serializers.ChoiceField(choices=AtBooking.choices)
    consultation_deposit_cents = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    session_at_booking = serializers.ChoiceField(choices=AtBooking.choices)
    session_deposit_cents = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    induction_package_price_cents = serializers.IntegerField(
        min_value=1, max_value=100_000_000, allow_null=True, default=None
    )
    late_cancellation = serializers.ChoiceField(choices=LateCancellation.choices)
    late_refund_percent = serializers.IntegerField(min_value=0, max_value=100, default=0)
    late_fee_cents = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    no_show_fee_cents = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)

    def validate(self, data):
        for kind in ("consultation", "session"):
            if data[f"{kind}_at_booking"] == AtBooking.DEPOSIT and not data[f"{kind}_deposit_cents"]:
                raise serializers.ValidationError({f"{kind}_deposit_cents": "Give the deposit's amount."})
        if data["late_cancellation"] == LateCancellation.FEE and not data["late_fee_cents"]:
            raise serializers.ValidationError({"late_fee_cents": "Give the late-cancellation fee."})
        return data


class PolicyOutput(serializers.Serializer):
    currency = serializers.CharField()
    consultation_at_booking = serializers.ChoiceField(choices=AtBooking.choices)
    consultation_deposit_cents = serializers.IntegerField()
    session_at_booking = serializers.ChoiceField(choices=AtBooking.choices)
    session_deposit_cents = serializers.IntegerField()
    induction_package_price_cents = serializers.IntegerField(allow_null=True)
    induction_package_sessions = serializers.SerializerMethodField()
    late_cancellation = serializers.ChoiceField(choices=LateCancellation.choices)
    late_refund_percent = serializers.IntegerField()
    late_fee_cents = serializers.IntegerField()
    no_show_fee_cents = serializers.IntegerField()

    def get_induction_package_sessions(self, policy) -> int:
        return INDUCTION_SESSIONS


class ServicePriceOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    price_cents = serializers.IntegerField()
    currency = serializers.CharField()
    due_at_booking_cents = serializers.IntegerField(help_text="Paid online when booking (0 when paid at the clinic).")
    cancellation_window_hours = serializers.IntegerField()


class CardOnFileTermsOutput(serializers.Serializer):
    text_version = serializers.CharField(source="version", help_text="Send it back when agreeing.")
    text = serializers.CharField()


class ClinicPaymentsInfoOutput(serializers.Serializer):
    clinic = serializers.SlugField()
    payment_mode = serializers.ChoiceField(choices=PAYMENT_MODES)
    payment_mode_label = serializers.CharField()
    publishable_key = serializers.CharField(allow_null=True, help_text="Stripe's publishable key (online only).")
    policy = PolicyOutput(allow_null=True)
    services = ServicePriceOutput(many=True)
    card_on_file_terms = CardOnFileTermsOutput(allow_null=True)


def service_prices(services, policy, online: bool) -> list[dict]:
    return [
        {
            "slug": service.slug,
            "name": service.name,
            "kind": service.kind,
            "price_cents": service.price_cents,
            "currency": service.currency,
            "due_at_booking_cents": amount_due_at_booking(policy, service) if online else 0,
            "cancellation_window_hours": service.cancellation_window_hours,
        }
        for service in services
    ]


# --- Payments ------------------------------------------------------------------------------------


class PaymentClinicOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PaymentPatientOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class PaymentLineOutput(serializers.Serializer):
    appointment = serializers.UUIDField(source="appointment_id")
    service = serializers.CharField(source="appointment.service.name")
    start = serializers.SerializerMethodField(help_text="UTC")
    amount_cents = serializers.IntegerField()

    def get_start(self, line) -> str:
        return utc_text(line.appointment.starts_at)


class RefundOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=RefundKind.choices)
    amount_cents = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RefundStatus.choices)
    reason = serializers.CharField()
    failure_message = serializers.CharField()
    created_at = serializers.DateTimeField()
    refunded_at = serializers.DateTimeField(allow_null=True)


class CardOutput(serializers.Serializer):
    brand = serializers.CharField()
    last4 = serializers.CharField()


class ReceiptOutput(serializers.Serializer):
    number = serializers.CharField()
    issued_at = serializers.DateTimeField()
    clinic_name = serializers.CharField()
    clinic_address = serializers.CharField()
    clinic_phone = serializers.CharField()
    description = serializers.CharField()
    amount_cents = serializers.IntegerField()
    refunded_cents = serializers.IntegerField()
    net_cents = serializers.IntegerField()
    currency = serializers.CharField()
    card = CardOutput(allow_null=True)
    stripe_receipt_url = serializers.CharField(allow_blank=True)


def _card(brand: str, last4: str) -> dict | None:
    return {"brand": brand, "last4": last4} if last4 else None


class PaymentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=PaymentKind.choices)
    description = serializers.CharField(source="get_kind_display")
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    clinic = PaymentClinicOutput()
    patient = PaymentPatientOutput()
    amount_cents = serializers.IntegerField()
    currency = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    series = serializers.UUIDField(source="series_id", allow_null=True)
    lines = PaymentLineOutput(many=True)
    refunded_cents = serializers.SerializerMethodField()
    refunds = RefundOutput(many=True)
    card = serializers.SerializerMethodField()
    off_session = serializers.BooleanField(help_text="Charged to the saved card without the patient.")
    failure_message = serializers.CharField()
    to_pay_in_portal = serializers.SerializerMethodField(help_text="A payment request the patient can pay now.")
    receipt = serializers.SerializerMethodField()

    def get_refunded_cents(self, payment) -> int:
        return refunded_cents(payment)

    @extend_schema_field(CardOutput(allow_null=True))
    def get_card(self, payment):
        return _card(payment.card_brand, payment.card_last4)

    def get_to_pay_in_portal(self, payment) -> bool:
        return payment.status == PaymentStatus.REQUIRES_PAYMENT and not payment.pays_for_bookings

    @extend_schema_field(ReceiptOutput(allow_null=True))
    def get_receipt(self, payment):
        if payment.status != PaymentStatus.SUCCEEDED:
            return None
        clinic = payment.clinic
        refunded = self.get_refunded_cents(payment)
        address = ", ".join(
            part for part in (clinic.address_line1, clinic.address_line2, clinic.city, clinic.postal_code) if part
        )
        return {
            "number": f"R-{payment.pk.hex[:10].upper()}",
            "issued_at": payment.paid_at,
            "clinic_name": clinic.name,
            "clinic_address": address,
            "clinic_phone": str(clinic.phone),
            "description": payment.get_kind_display(),
            "amount_cents": payment.amount_cents,
            "refunded_cents": refunded,
            "net_cents": payment.amount_cents - refunded,
            "currency": payment.currency,
            "card": _card(payment.card_brand, payment.card_last4),
            "stripe_receipt_url": payment.receipt_url,
        }


class CheckoutInput(serializers.Serializer):
    save_card = serializers.BooleanField(
        default=False, help_text="Keep the card for the clinic's fees: needs the card-on-file terms' version."
    )
    consent_text_version = serializers.CharField(
        max_length=64, required=False, default="", allow_blank=True, help_text="The version of the terms read."
    )

    def validate(self, data):
        if data["save_card"] and not data["consent_text_version"]:
            raise serializers.ValidationError(
                {"consent_text_version": "Agreeing to keep the card needs the version of the terms you read."}
            )
        return data


class CheckoutOutput(serializers.Serializer):
    payment = PaymentOutput()
    payment_mode = serializers.ChoiceField(choices=PAYMENT_MODES)
    client_secret = serializers.CharField(help_text="For Stripe's Payment Element; do not store or log it.")
    publishable_key = serializers.CharField()
    saves_card = serializers.BooleanField(help_text="Whether this payment keeps the card for fees.")


class RefundInput(serializers.Serializer):
    amount_cents = serializers.IntegerField(
        min_value=1,
        max_value=100_000_000,
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: everything left.",
    )
    reason = serializers.CharField(max_length=500, help_text="Shown to the patient; never sent to Stripe.")


class ClinicPaymentsQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=PaymentStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=PaymentKind.choices, required=False)
    patient = serializers.UUIDField(
        required=False, help_text="Only this patient's payments (their user id, as on the patient page)."
    )


# --- Cancellation quote --------------------------------------------------------------------------


class CancellationQuoteOutput(serializers.Serializer):
    """What cancelling (and moving) the appointment now would do."""

    appointment = serializers.UUIDField()
    payment_mode = serializers.ChoiceField(choices=PAYMENT_MODES)
    allowed = serializers.BooleanField(help_text="Whether the caller may cancel it online now.")
    late = serializers.BooleanField(help_text="Inside the cancellation window.")
    window_starts_at = serializers.CharField(help_text="When the cancellation window opens (opened), UTC.")
    window_starts_clinic_time = WallClockOutput()
    currency = serializers.CharField()
    paid_cents = serializers.IntegerField(help_text="Paid online for this appointment.")
    refund_cents = serializers.IntegerField()
    kept_cents = serializers.IntegerField()
    fee_cents = serializers.IntegerField(help_text="Charged on top of what was paid.")
    fee_collection = serializers.ChoiceField(
        choices=[(SAVED_CARD, "Charged to the saved card"), (PAYMENT_REQUEST, "Paid in the portal"), ("", "None")]
    )
    message = serializers.CharField()
    reschedule_allowed = serializers.BooleanField(help_text="Whether the caller may move it online now.")
    reschedule_message = serializers.CharField()


def quote_data(appointment, quote) -> dict:
    terms = quote.terms
    return {
        "appointment": appointment.pk,
        "payment_mode": quote.payment_mode,
        "allowed": quote.allowed,
        "late": quote.late,
        "window_starts_at": utc_text(quote.window_starts_at),
        "window_starts_clinic_time": wall_clock(quote.window_starts_at, clinic_zone(appointment.clinic)),
        "currency": quote.currency,
        "paid_cents": terms.paid_cents,
        "refund_cents": terms.refund_cents,
        "kept_cents": terms.kept_cents,
        "fee_cents": terms.fee_cents,
        "fee_collection": quote.fee_collection,
        "message": quote.message,
        "reschedule_allowed": quote.reschedule_allowed,
        "reschedule_message": quote.reschedule_message,
    }


# --- Card on file --------------------------------------------------------------------------------


class CardConsentOutput(serializers.ModelSerializer):
    clinic = PaymentClinicOutput()
    card = serializers.SerializerMethodField()
    active = serializers.SerializerMethodField()

    class Meta:
        model = CardOnFileConsent
        fields = ["id", "clinic", "text_version", "text", "given_at", "revoked_at", "card", "active"]

    @extend_schema_field(CardOutput(allow_null=True))
    def get_card(self, consent):
        return _card(consent.card_brand, consent.card_last4)

    def get_active(self, consent) -> bool:
        return consent.revoked_at is None


# --- Webhook -------------------------------------------------------------------------------------


class WebhookAckOutput(serializers.Serializer):
    received = serializers.BooleanField()
