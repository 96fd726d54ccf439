import pytest

from tests.care.factories import NOW, booking_scene, publish_consents

from .receiver import start_receiver


@pytest.fixture(autouse=True)
def _local_receivers_allowed(settings):
    """The test receiver is plain http on 127.0.0.1; the SSRF tests turn the guard back on."""
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def scene(clinic, time_machine):
    """A clinic ready to book through the care pathway, at ``NOW`` with the clock stopped."""
    time_machine.move_to(NOW, tick=False)
    publish_consents(clinic.organization)
    return booking_scene(clinic)
