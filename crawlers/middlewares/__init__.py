"""Downloader middlewares that make Scrapy polite and safe by default."""
