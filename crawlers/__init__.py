"""Scrapy spiders and pipelines that gather training offers into the catalogue store."""
