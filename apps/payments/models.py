"""Payments: what each clinic charges and when (its policy), and every movement of money through Stripe.

Prices live on the booking catalogue (``ServiceType.price_cents`` / ``currency``); the policy says how
much of a price is paid at booking, what a package costs, and what cancelling late or missing an
appointment costs. Amounts are integer cents in the clinic's currency. Stripe only ever sees the
opaque ids of these rows: no names, services or anything else about treatment."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel

currency_code = RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code in capitals, e.g. USD.")


class AtBooking(models.TextChoices):
    FULL = "full", "The full price"
    DEPOSIT = "deposit", "A deposit"


class LateCancellation(models.TextChoices):
    PARTIAL_REFUND = "partial_refund", "A partial refund"
    FEE = "fee", "A fee"


class PaymentPolicy(TimeStampedModel):
    """How a clinic takes payment online. A clinic without one (or a portal without Stripe keys) is in
    "pay at the clinic" mode."""

    clinic = models.OneToOneField("clinics.Clinic", on_delete=models.CASCADE, related_name="payment_policy")
    currency = models.CharField(
        max_length=3, default="USD", validators=[currency_code], help_text="The currency of the clinic's services."
    )
    consultation_at_booking = models.CharField(max_length=10, choices=AtBooking.choices, default=AtBooking.FULL)
    consultation_deposit_cents = models.PositiveIntegerField(default=0)
    session_at_booking = models.CharField(
        max_length=10,
        choices=AtBooking.choices,
        default=AtBooking.FULL,
        help_text="Single sessions: every service that is not a consultation.",
    )
    session_deposit_cents = models.PositiveIntegerField(default=0)
    induction_package_price_cents = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The induction series paid up front at this price. Empty: each session is paid as a single one.",
    )
    late_cancellation = models.CharField(
        max_length=20, choices=LateCancellation.choices, default=LateCancellation.PARTIAL_REFUND
    )
    late_refund_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Partial refund: the share of what was paid that is refunded inside the cancellation window.",
    )
    late_fee_cents = models.PositiveIntegerField(
        default=0, help_text="Fee: what cancelling inside the window costs (what was paid counts toward it)."
    )
    no_show_fee_cents = models.PositiveIntegerField(
        default=0, help_text="What a missed appointment costs (what was paid for it counts toward it)."
    )

    class Meta:
        verbose_name_plural = "payment policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(late_refund_percent__lte=100), name="payments_policy_refund_percent_at_most_100"
            )
        ]

    def __str__(self):
        return f"Payment policy of {self.clinic}"


class StripeCustomer(TimeStampedModel):
    """The Stripe Customer of one patient (made on their first online payment)."""

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stripe_customer")
    stripe_id = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_id"], condition=~Q(stripe_id=""), name="payments_customer_stripe_id_unique"
            )
        ]

    def __str__(self):
        return f"Stripe customer of {self.patient_id}"


class CardOnFileConsent(TimeStampedModel):
    """A patient's explicit permission for one clinic to keep a card and charge it later, without asking
    again, for the fees its policy states. The exact words agreed to are kept with their version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="card_consents")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="card_consents")
    text_version = models.CharField(max_length=64)
    text = models.TextField()
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    payment_method_id = models.CharField(max_length=255, blank=True, help_text="The saved card (Stripe).")
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinic"],
                condition=Q(revoked_at__isnull=True),
                name="payments_one_active_card_consent_per_clinic",
            )
        ]

    def __str__(self):
        return f"Card-on-file consent {self.pk}"


class PaymentKind(models.TextChoices):
    BOOKING = "booking", "Payment at booking"
    SERIES = "series", "Treatment series paid at booking"
    NO_SHOW_FEE = "no_show_fee", "Missed-appointment fee"
    LATE_CANCELLATION_FEE = "late_cancellation_fee", "Late-cancellation fee"


# Payments that pay for bookings (and are voided or refunded when the bookings go); the others are fees.
BOOKING_KINDS = (PaymentKind.BOOKING, PaymentKind.SERIES)


class PaymentStatus(models.TextChoices):
    REQUIRES_PAYMENT = "requires_payment", "Waiting for payment"
    PROCESSING = "processing", "Processing"
    SUCCEEDED = "succeeded", "Paid"
    CANCELED = "canceled", "Cancelled"


OPEN_STATUSES = (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.PROCESSING)


class Payment(TimeStampedModel):
    """One amount a patient owes a clinic, paid through one Stripe PaymentIntent: a booking (or a whole
    treatment series, at its package price if the clinic has one) paid at booking, or a fee. ``lines``
    say which appointments it pays for and how much of it each one is."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="payments")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=30, choices=PaymentKind.choices)
    appointment = models.ForeignKey(
        "booking.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    series = models.ForeignKey(
        "booking.TreatmentSeries", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, validators=[currency_code])
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.REQUIRES_PAYMENT)
    stripe_payment_intent_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    saves_card = models.BooleanField(default=False, help_text="Stripe keeps the card for later fees (with consent).")
    off_session = models.BooleanField(default=False, help_text="Charged to the saved card without the patient.")
    off_session_failed = models.BooleanField(default=False)
    failure_message = models.CharField(max_length=500, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    receipt_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "-created_at"]), models.Index(fields=["patient", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="payments_payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind=PaymentKind.SERIES, series__isnull=False, appointment__isnull=True)
                | (~Q(kind=PaymentKind.SERIES) & Q(appointment__isnull=False, series__isnull=True)),
                name="payments_payment_for_an_appointment_or_a_series",
            ),
            models.UniqueConstraint(
                fields=["appointment", "kind"],
                condition=Q(appointment__isnull=False),
                name="payments_one_payment_of_a_kind_per_appointment",
            ),
            models.UniqueConstraint(
                fields=["series"], condition=Q(series__isnull=False), name="payments_one_payment_per_series"
            ),
        ]

    def __str__(self):
        return f"Payment {self.pk}"

    @property
    def pays_for_bookings(self) -> bool:
        return self.kind in BOOKING_KINDS


class PaymentLine(models.Model):
    """The share of a payment that pays for one appointment (a package is split across its sessions)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="lines")
    appointment = models.ForeignKey("booking.Appointment", on_delete=models.PROTECT, related_name="payment_lines")
    amount_cents = models.PositiveIntegerField()
    settled_at = models.DateTimeField(
        null=True, blank=True, help_text="When the money side of the appointment's cancellation was decided."
    )

    class Meta:
        ordering = ["appointment__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "appointment"], name="payments_one_line_per_appointment")
        ]

    def __str__(self):
        return f"{self.amount_cents} of {self.payment_id} for {self.appointment_id}"


class RefundKind(models.TextChoices):
    POLICY = "policy", "Cancellation, under the clinic's policy"
    RELEASED = "released", "Booking released before the payment arrived"
    STAFF = "staff", "Refunded by the clinic"


# Refunds the portal makes on its own, at most one per appointment of a payment.
AUTOMATIC_REFUND_KINDS = (RefundKind.POLICY, RefundKind.RELEASED)


class RefundStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Refunded"
    FAILED = "failed", "Failed"


class Refund(TimeStampedModel):
    """Money given back on a payment: recorded here first, then sent to Stripe (a task, on commit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    kind = models.CharField(max_length=10, choices=RefundKind.choices)
    appointment = models.ForeignKey(
        "booking.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    amount_cents = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    stripe_refund_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    failure_message = models.CharField(max_length=500, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="payments_refund_amount_positive"),
            models.UniqueConstraint(
                fields=["payment", "appointment"],
                condition=Q(kind__in=AUTOMATIC_REFUND_KINDS),
                name="payments_one_automatic_refund_per_appointment",
            ),
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="payments_refund_idempotency_key_per_user",
            ),
        ]

    def __str__(self):
        return f"Refund {self.pk}"


class StripeEvent(models.Model):
    """A verified webhook event, stored once per Stripe event id; a task processes it after commit."""

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    payload = models.JSONField()
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["received_at"]

    def __str__(self):
        return f"{self.type} {self.stripe_id}"
