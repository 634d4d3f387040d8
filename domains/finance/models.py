"""Finance models."""
