"""Coordinator reports computed from the catalogue store."""
