"""Importers for the reference taxonomies (ESCO, ISCED-F, VDAB Competent crosswalks)."""
