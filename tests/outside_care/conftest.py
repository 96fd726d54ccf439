import pytest

from .factories import NOW


@pytest.fixture(autouse=True)
def pinned_clock(time_machine):
    """Every test here runs at ``NOW`` (the clock stands still unless a test moves it)."""
    time_machine.move_to(NOW, tick=False)
    return time_machine
