"""Edits in the admin to what availability is computed from (a clinic's time zone, a membership's
booking weight, a provider's profile) are told to the apps that compute it (booking registers its
availability cache), which this app cannot import."""

from collections.abc import Callable

from apps.core.hooks import Hook

from .models import Clinic

# ``listener(clinic)``: something availability at ``clinic`` depends on changed.
clinic_changed: Hook[Callable[[Clinic], None]] = Hook("clinics.clinic_changed")


def tell_clinic_changed(clinic: Clinic) -> None:
    for listener in clinic_changed.all():
        listener(clinic)
