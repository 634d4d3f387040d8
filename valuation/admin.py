"""Valuation admin."""
