from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "apps.booking"
    label = "booking"

    def ready(self):
        from apps.reminders.channels import ATTACHMENT_BUILDERS
        from apps.reminders.relevance import RELEVANCE_CHECKS

        from .notifications import CONCERNS_TYPE

        RELEVANCE_CHECKS[CONCERNS_TYPE] = "apps.booking.notifications.still_relevant"
        ATTACHMENT_BUILDERS["appointment_ics"] = "apps.booking.notifications.ics_attachment"

        from . import checks  # noqa: F401  (registers the startup checks)
