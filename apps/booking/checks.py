"""Startup checks: the dotted paths through which booking reaches the apps built on it must resolve,
so that a typo stops ``manage.py check`` (and every deployment) rather than the first booking."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

# The functions of events.py that tell listeners.
EVENTS = {"appointment_booked", "appointment_status_changed"}


@register()
def pathway_paths_resolve(app_configs, **kwargs) -> list[Error]:
    errors = [
        Error(f"BOOKING_EVENT_LISTENERS names an event booking does not have: {event!r}.", id="booking.E002")
        for event in settings.BOOKING_EVENT_LISTENERS
        if event not in EVENTS
    ]
    listeners = [path for paths in settings.BOOKING_EVENT_LISTENERS.values() for path in paths]
    for path in [*settings.BOOKING_PATHWAY_GATES, *filter(None, [settings.BOOKING_SERIES_SHAPE]), *listeners]:
        try:
            import_string(path)
        except ImportError as error:
            errors.append(Error(f"{path} cannot be imported: {error}", id="booking.E001"))
    return errors
