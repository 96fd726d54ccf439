from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "apps.booking"
    label = "booking"

    def ready(self):
        from . import checks  # noqa: F401  (registers the startup checks)
