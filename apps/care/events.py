"""What happens in the care pathway, told to the apps that build on care (outbound webhooks), one call
per moment from the service where it happens.

Listeners register on the hooks below (care cannot import the apps that build on it). They run inside
the care service's transaction, so what they write commits with it."""

from collections.abc import Callable

from apps.core.hooks import Hook

# ``listener(assessment=)``
assessment_submitted_listeners: Hook[Callable[..., None]] = Hook("care.assessment_submitted")
# ``listener(alerts=)``: one alert per clinic told, raised together
safety_alerts_raised_listeners: Hook[Callable[..., None]] = Hook("care.safety_alerts_raised")


def assessment_submitted(*, assessment) -> None:
    """``assessment`` (a PHQ-9 or GAD-7) was just saved with its score."""
    for listener in assessment_submitted_listeners.all():
        listener(assessment=assessment)


def safety_alerts_raised(*, alerts) -> None:
    """``alerts`` (saved) were raised for one assessment, one per clinic that must hear."""
    for listener in safety_alerts_raised_listeners.all():
        listener(alerts=alerts)
