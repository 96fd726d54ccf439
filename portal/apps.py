from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Installed last: once every app is loaded, wires them together (``wiring.py``)."""

    name = "portal"
    label = "portal"

    def ready(self):
        from .wiring import register_hooks

        register_hooks()
