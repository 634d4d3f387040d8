"""Commerce admin."""
