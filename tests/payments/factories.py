import factory
from django.utils import timezone

from apps.payments.models import (
    AtBooking,
    CardOnFileConsent,
    LateCancellation,
    Payment,
    PaymentKind,
    PaymentLine,
    PaymentPolicy,
)
from tests.booking.factories import AppointmentFactory
from tests.clinics.factories import ClinicFactory


class PaymentPolicyFactory(factory.django.DjangoModelFactory):
    """Consultations and sessions paid in full at booking; half back inside the window; a $75 no-show
    fee. See the traits for deposits, a package and a late-cancellation fee."""

    class Meta:
        model = PaymentPolicy

    clinic = factory.SubFactory(ClinicFactory)
    consultation_at_booking = AtBooking.FULL
    session_at_booking = AtBooking.FULL
    late_cancellation = LateCancellation.PARTIAL_REFUND
    late_refund_percent = 50
    no_show_fee_cents = 7500

    class Params:
        deposits = factory.Trait(
            consultation_at_booking=AtBooking.DEPOSIT,
            consultation_deposit_cents=5000,
            session_at_booking=AtBooking.DEPOSIT,
            session_deposit_cents=10000,
        )
        package = factory.Trait(induction_package_price_cents=240000)
        late_fee = factory.Trait(late_cancellation=LateCancellation.FEE, late_fee_cents=10000)


class PaymentFactory(factory.django.DjangoModelFactory):
    """A payment at booking for one appointment (give ``appointment``), with its line."""

    class Meta:
        model = Payment
        skip_postgeneration_save = True

    appointment = factory.SubFactory(AppointmentFactory)
    clinic = factory.SelfAttribute("appointment.clinic")
    patient = factory.SelfAttribute("appointment.patient")
    kind = PaymentKind.BOOKING
    amount_cents = factory.SelfAttribute("appointment.service.price_cents")
    currency = "USD"

    @factory.post_generation
    def line(payment, create, extracted, **kwargs):
        if create:
            PaymentLine.objects.create(
                payment=payment, appointment=payment.appointment, amount_cents=payment.amount_cents
            )


class CardOnFileConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardOnFileConsent

    clinic = factory.SubFactory(ClinicFactory)
    patient = factory.SubFactory("tests.accounts.factories.PatientFactory")
    given_by = factory.SelfAttribute("patient")
    given_at = factory.LazyFunction(timezone.now)
    text_version = "2026-11.test"
    text = "I authorise the clinic to keep my card for its fees."
