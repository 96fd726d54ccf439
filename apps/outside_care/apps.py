from django.apps import AppConfig


class OutsideCareConfig(AppConfig):
    name = "apps.outside_care"
    label = "outside_care"
