"""The ground layer: settings and text analysis for Dutch, French and English.

Imports nothing of the project above it.
"""
