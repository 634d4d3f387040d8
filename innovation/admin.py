"""Innovation admin."""
