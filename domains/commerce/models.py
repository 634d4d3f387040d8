"""Commerce models."""
