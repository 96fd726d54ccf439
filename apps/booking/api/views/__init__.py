"""The booking endpoints, one module per use case; ``shared`` holds what several need."""
