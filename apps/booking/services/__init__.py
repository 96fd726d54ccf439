"""Writes of the booking engine, one module per use case: ``booking`` (one appointment), ``series``,
``moves``, ``status`` (transitions by a person), ``holds``, ``recording`` (what every write records),
``placement`` (where a booking goes, safe under concurrency), ``calendar_feeds`` and
``availability_settings``."""
