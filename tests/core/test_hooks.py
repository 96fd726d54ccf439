"""Hooks: how a lower app lets the apps above it plug in (apps/core/hooks.py, wired in portal/wiring.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.booking.gates import pathway_gates
from apps.care.gates import care_booking_gate
from apps.core import hooks
from apps.core.hooks import Hook


@pytest.fixture
def declared():
    """Hooks made by a test are forgotten after it, so the start-up check sees only the portal's."""
    before = list(hooks._declared)
    yield
    hooks._declared[:] = before


def first(**facts):
    return "first"


def second(**facts):
    return "second"


def test_implementations_are_called_in_the_order_they_were_registered_and_again_is_harmless(declared):
    hook: Hook = Hook("test.listeners")
    hook.register(first)
    hook.register(second)
    hook.register(first)
    assert hook.all() == [first, second]


def test_a_keyed_hook_finds_its_implementation_and_refuses_a_second_for_the_same_key(declared):
    hook: Hook = Hook("test.checks")
    hook.register(first, key="booking.appointment")
    assert hook.get("booking.appointment") is first
    assert hook.get("care.treatmentplan") is None
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        hook.register(second, key="booking.appointment")


def test_a_single_hook_takes_one_implementation(declared):
    hook: Hook = Hook("test.rules", single=True)
    assert hook.one() is None
    hook.register(first)
    with pytest.raises(ImproperlyConfigured, match="takes one"):
        hook.register(second)
    assert hook.one() is first


def test_replaced_keeps_only_what_it_is_given_for_its_duration(declared):
    hook: Hook = Hook("test.listeners")
    hook.register(first)
    with hook.replaced([second]):
        assert hook.all() == [second]
    with hook.replaced():
        assert hook.all() == []
    assert hook.all() == [first]


def test_a_required_hook_nothing_registered_on_stops_the_start(declared):
    Hook("test.required", required=True)
    errors = hooks.required_hooks_are_implemented(None)
    assert [(error.id, error.msg) for error in errors] == [
        ("core.E001", "Nothing is registered on the required hook test.required.")
    ]


def test_the_portal_registers_every_required_hook_and_the_care_pathway_gates_booking():
    assert hooks.required_hooks_are_implemented(None) == []
    assert care_booking_gate in pathway_gates.all()


def test_wiring_the_portal_again_changes_nothing():
    """As when ``ready`` runs twice: equal registrations (a message kind's rules are values) are no clash."""
    from portal.wiring import register_hooks

    before = hooks.required_hooks_are_implemented(None)
    register_hooks()
    assert hooks.required_hooks_are_implemented(None) == before == []
