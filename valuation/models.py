"""Valuation models."""
