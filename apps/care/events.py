"""What happens in the care pathway, told to the apps that build on care (outbound webhooks), one call
per moment from the service where it happens.

Listeners register on the hooks below (care cannot import the apps that build on it). They run inside
the care service's transaction, so what they write commits with it. They can never undo it: these
moments are an assessment and the safety alert it raises, which must stand whatever a listener does.
A listener's error is logged (its type only: the moment concerns a patient's health) and swallowed,
and a listener that writes does so in a savepoint of its own (on PostgreSQL a failed statement outside
one would doom the whole transaction); none is taken here, so a listener with nothing to write costs
the assessment no statement."""

import logging
from collections.abc import Callable

from apps.core.hooks import Hook

logger = logging.getLogger(__name__)

# ``listener(assessment=)``
assessment_submitted_listeners: Hook[Callable[..., None]] = Hook("care.assessment_submitted")
# ``listener(alerts=)``: one alert per clinic told, raised together
safety_alerts_raised_listeners: Hook[Callable[..., None]] = Hook("care.safety_alerts_raised")


def assessment_submitted(*, assessment) -> None:
    """``assessment`` (a PHQ-9 or GAD-7) was just saved with its score."""
    _tell(assessment_submitted_listeners, assessment=assessment)


def safety_alerts_raised(*, alerts) -> None:
    """``alerts`` (saved) were raised for one assessment, one per clinic that must hear."""
    _tell(safety_alerts_raised_listeners, alerts=alerts)


def _tell(hook: Hook[Callable[..., None]], **moment) -> None:
    for listener in hook.all():
        try:
            listener(**moment)
        except Exception as error:
            logger.error("%s: a listener failed (%s)", hook.name, type(error).__name__)
