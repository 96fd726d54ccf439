"""The startup check of the dotted paths through which booking reaches the care pathway."""

import pytest

from apps.booking import events
from apps.booking.checks import EVENTS, pathway_paths_resolve


@pytest.fixture
def booking_engine_alone():
    """These tests are about the configured pathway: keep it."""


def test_the_checked_events_are_the_ones_booking_tells():
    assert all(callable(getattr(events, event)) for event in EVENTS)


def test_the_configured_gates_and_listeners_resolve():
    assert pathway_paths_resolve(None) == []


def test_a_path_that_does_not_import_or_an_unknown_event_stops_the_start(settings):
    settings.BOOKING_PATHWAY_GATES = ["apps.care.gates.no_such_gate"]
    settings.BOOKING_EVENT_LISTENERS = {"appointment_moved": ["apps.care.booking_events.appointment_booked"]}
    assert [error.id for error in pathway_paths_resolve(None)] == ["booking.E002", "booking.E001"]
