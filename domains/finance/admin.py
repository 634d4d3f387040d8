"""Finance admin."""
