"""The care pathway's endpoints, one module per part of it (the same parts as its services and selectors),
with ``responses`` holding the audited-read helpers they share."""
