"""Pure engines of the shared emotion model (no Django)."""
