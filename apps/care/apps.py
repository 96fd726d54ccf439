from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "apps.care"
    label = "care"
    verbose_name = "Care pathway"

    def ready(self):
        from apps.reminders.relevance import RELEVANCE_CHECKS

        # A staff follow-up message about an alert someone already acknowledged is not sent.
        RELEVANCE_CHECKS["care.safetyalert"] = "apps.care.selectors.safety_alert_is_open"
        # Maintenance reminders stop once a booster is booked, or a check-in taken.
        RELEVANCE_CHECKS["care.treatmentplan"] = "apps.care.maintenance.still_relevant"
