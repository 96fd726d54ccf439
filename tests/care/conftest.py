from contextlib import ExitStack
from unittest import mock

import pytest

from apps.education.services import reading_assign_for_event
from celery_app import app as celery_app
from tests.care.factories import NOW, booking_scene, publish_consents


@pytest.fixture
def celery_eager():
    """Tasks enqueued during the test run in-process (on commit), as a worker would run them."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


# The care services that assign reading when something happens to a patient.
SERVICES_THAT_ASSIGN_READING = ("intake", "plans", "sessions")


@pytest.fixture
def reading_hook():
    """Every call of the education hook from the care services, while the real hook runs."""
    hook = mock.Mock(wraps=reading_assign_for_event)
    with ExitStack() as patches:
        for module in SERVICES_THAT_ASSIGN_READING:
            patches.enter_context(mock.patch(f"apps.care.services.{module}.reading_assign_for_event", hook))
        yield hook


@pytest.fixture
def scene(clinic, time_machine):
    """A clinic ready to book through the care pathway (``booking_scene``), its consents published,
    at ``NOW`` (a Monday) with the clock stopped. A module with another scene defines its own."""
    time_machine.move_to(NOW, tick=False)
    publish_consents(clinic.organization)
    return booking_scene(clinic)
