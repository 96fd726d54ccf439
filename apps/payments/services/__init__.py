"""Writes of the payments app, one module per use case: ``steps`` (how money moves: a row, then a task
queued on commit), ``policy``, ``cards`` (customers and card-on-file consent), ``checkout``
(payments at booking and their reconciliation with Stripe), ``fees`` (cancellations and no-shows),
``refunds`` and ``stripe_events``."""

# Loaded together: the services queue the tasks (``tasks.py``), which call back into these modules
# through the package, so neither side needs the other's names while it loads.
from . import cards, checkout, fees, policy, refunds, steps, stripe_events

__all__ = ["cards", "checkout", "fees", "policy", "refunds", "steps", "stripe_events"]
