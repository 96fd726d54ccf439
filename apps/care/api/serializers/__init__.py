"""The care pathway's API shapes, one module per part of it (the same parts as its views)."""
