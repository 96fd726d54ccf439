import pytest

from celery_app import app as celery_app
from tests.care.factories import NOW, booking_scene, publish_consents


@pytest.fixture
def celery_eager():
    """Tasks enqueued during the test run in-process (on commit), as a worker would run them."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def scene(clinic, time_machine):
    """A clinic ready to book through the care pathway (``booking_scene``), its consents published,
    at ``NOW`` (a Monday) with the clock stopped. A module with another scene defines its own."""
    time_machine.move_to(NOW, tick=False)
    publish_consents(clinic.organization)
    return booking_scene(clinic)
