"""Arts admin."""
