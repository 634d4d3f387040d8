"""Consumer-facing services for logged-in users, sharing one emotion model."""
