"""A generated course site (schema.org JSON-LD pages and a sitemap) for crawl faults, served by
``tests.crawlers.faultserver.FaultServer`` on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

LIVE = "https://www.voorbeeld-opleidingen.be"
BROKEN_JSON_LD = '{"@context": "https://schema.org", "@type": "Course", "name": "Kapot",'


def course_page(number: int, *, broken: bool = False) -> str:
    node = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": f"Cursus boekhouden deel {number}",
        "description": f"Deel {number} van de reeks boekhouden voor kmo's.",
        "inLanguage": "nl",
        "provider": {"@type": "Organization", "name": "Voorbeeld Opleidingen", "url": LIVE},
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "startDate": "2024-10-01",
            "courseMode": "onsite",
            "location": {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "postalCode": "9000",
                    "addressLocality": "Gent",
                },
            },
        },
    }
    script = BROKEN_JSON_LD if broken else json.dumps(node)
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Cursus {number}</title>"
        f'<script type="application/ld+json">{script}</script></head>'
        f"<body><h1>Cursus {number}</h1></body></html>"
    )


def write_site(root: Path, pages: int, broken: frozenset[int] = frozenset()) -> Path:
    """``pages`` course pages /cursus/1 … and a sitemap listing them; ``broken`` pages carry
    JSON-LD that does not parse."""
    (root / "cursus").mkdir(parents=True, exist_ok=True)
    for number in range(1, pages + 1):
        html = course_page(number, broken=number in broken)
        (root / "cursus" / f"{number}.html").write_text(html, encoding="utf-8")
    urls = "".join(f"<url><loc>{LIVE}/cursus/{n}</loc></url>" for n in range(1, pages + 1))
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        encoding="utf-8",
    )
    (root / "robots.txt").write_text(f"User-agent: *\nDisallow:\nSitemap: {LIVE}/sitemap.xml\n")
    return root
