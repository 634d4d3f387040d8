"""Accounts models."""
