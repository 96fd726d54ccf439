"""Reads of the booking engine, one module per question: ``catalogue`` (services, clinic time, licences),
``calendars`` (the data the slot engine needs, from a fixed number of queries), ``availability``,
``series`` (a proposed treatment series), ``appointments`` (lists, history), ``schedule`` (the
clinic's days, as a projection) and ``availability_settings`` (what staff manage, and what a change
would strand)."""
