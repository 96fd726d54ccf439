"""Before a message goes out, the reason for it must still hold (the appointment is still booked,
the booster is still due). Each app that plans messages registers a check for the things it owns,
keyed by the ``concerns_type`` of its messages; a message about anything else always goes.

A check is asked about a whole batch of its messages at once and answers with the ids of those whose
reason holds, so that a burst of reminders costs one query per batch rather than one per message."""

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from apps.core.hooks import Hook

relevance_checks: Hook[Callable[[Sequence], Collection]] = Hook("reminders.relevance_checks")


@dataclass(frozen=True)
class OneAtATime:
    """A check written for one message, registered for kinds that never come in bursts. Frozen, so
    that registering it again (``ready`` running twice) is an equal registration, not a clash."""

    check: Callable[..., bool]

    def __call__(self, notifications: Sequence) -> set:
        return {notification.pk for notification in notifications if self.check(notification)}


def relevant_ids(notifications: Sequence) -> set:
    """The ids of the ``notifications`` whose reason still holds; each check is asked once."""
    by_type = defaultdict(list)
    for notification in notifications:
        by_type[notification.concerns_type].append(notification)
    relevant = set()
    for concerns_type, group in by_type.items():
        check = relevance_checks.get(concerns_type)
        relevant.update(check(group) if check else (notification.pk for notification in group))
    return relevant
