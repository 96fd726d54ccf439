"""Input and output shapes of the booking API, one module per use case (as the views). Every instant
goes out in UTC (``...Z``) with, beside it, the clinic-local wall time and its UTC offset
(``instants``), so that a slot in a repeated hour is unambiguous."""
