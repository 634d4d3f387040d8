"""Innovation models."""
