"""Writes of the care pathway (keyword-only, atomic, audited), one module per part of it: ``intake``,
``consents``, ``assessments`` (with the safety escalation), ``plans`` (consultation outcomes and
treatment plans) and ``sessions`` (escort, dose bookings, session records)."""
