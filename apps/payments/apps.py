from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "apps.payments"
    label = "payments"

    def ready(self):
        from apps.booking.payment_hooks import install_payment_rules

        from . import checks  # noqa: F401 — registers the settings check
        from .booking_rules import StripePaymentRules

        # Booking asks about payment through its hooks; the rules live here, next to the money.
        install_payment_rules(StripePaymentRules())
