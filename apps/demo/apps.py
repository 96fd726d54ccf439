from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organization (``manage.py seed_demo``): the one app that reaches every other, so it
    sits above them all."""

    name = "apps.demo"
    label = "demo"
