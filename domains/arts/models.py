"""Arts models."""
