"""Reads of the care pathway, one module per part of it: ``intake``, ``consents``, ``assessments`` (with
safety alerts), ``plans`` (consultation outcomes and treatment plans), ``sessions`` (escort, doses
and plan progress, session records) and ``patients`` (the clinic's list). Callers that answer a
request audit what they return."""
