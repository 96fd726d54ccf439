from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "apps.booking"
    label = "booking"
