"""The opleidingsdatabank (Departement WSE, vlaanderen.be/opleidingsdatabank): courses that
give right to Vlaams opleidingsverlof, opleidingscheques and Vlaams opleidingskrediet (at least
32 contact hours, 32 teaching periods or 3 study points). HTML only, no API.

Record numbers (``catalogue.model.ODB_NUMBER``; no published specification of the format was
found, so the spider accepts the forms seen):

- ``ODB-`` + 7 digits (``ODB-0002141``): the detail URLs and 'Opleidingsnummer' of the pages
  the fixture set was modelled on, and the numbers providers quote on their own pages
  (the Syntra fixture: '... Vlaams opleidingsverlof en opleidingscheques (ODB-0004512)');
- ``ODB-`` + a capital letter + 5 digits (``ODB-P00004``): real records of the databank
  (named in issue 17); a letter + 6 digits is accepted as well;
- in page text also lower case or with a space ('odb p00004'), stored as ``ODB-P00004``.

Its records mostly enrich other sources' offers; they are stored as their own source with the
ODB number as identifier, so that deduplication can join on it (else on provider + title).
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from catalogue.model import ODB_NUMBER
from crawlers.parsers import parse_duration, parse_location, parse_period, parse_schedule
from crawlers.parsers.funding import parse_funding
from crawlers.parsers.identifiers import find_kmo_number, odb_number
from crawlers.parsers.schedules import parse_intensity
from crawlers.spiders.base import first, paragraphs
from crawlers.spiders.mixins import ListingMixin, dump, language_codes

SELECTORS = {
    "listing.detail_link": "table.odb-results a.odb-result__link::attr(href)",
    "listing.next_page": "div.vl-pager a[rel=next]::attr(href)",
    "title": "h1.odb-title",
    "number": "dd.odb-nummer",
    "provider": "dd.odb-verstrekker",
    "kmo": "dd.odb-kmo",
    "recognised_for": "dd.odb-erkenning",
    "duration": "dd.odb-omvang",
    "start": "dd.odb-start",
    "end": "dd.odb-einde",
    "location": "dd.odb-lesplaats",
    "language": "dd.odb-taal",
    "schedule": "dd.odb-lesmoment",
    "description": "div.odb-omschrijving > *",
}


class OdbSpider(ListingMixin):
    name = "odb"
    live_base_url = "https://www.vlaanderen.be"
    listing_paths = ["/opleidingsdatabank/opleidingen"]
    detail_url_pattern = re.compile(rf"/opleidingsdatabank/opleiding/(?P<id>{ODB_NUMBER})$")
    provider = {"name": "Opleidingsdatabank"}  # replaced by the record's provider
    SELECTORS = SELECTORS

    def parse_detail(self, response: TextResponse) -> dict[str, Any] | None:
        s = SELECTORS
        title, number = first(response, s["title"]), first(response, s["number"])
        if not title or not number:
            return None
        number = odb_number(number) if re.fullmatch(r"(?i)odb[- ]\S+", number) else number
        item = self.base_item(response, number)
        provider = {"name": first(response, s["provider"])}
        kmo = find_kmo_number(first(response, s["kmo"]))
        if kmo:
            provider["kmo_portefeuille_number"] = kmo
        start, end = parse_period(first(response, s["start"]), self.today)
        end = parse_period(first(response, s["end"]), self.today)[0] or end
        schedule = first(response, s["schedule"])
        item.update(
            title=title,
            provider=provider,
            identifiers=[{"scheme": "odb", "value": number}]
            + ([{"scheme": "kmo_portefeuille", "value": kmo}] if kmo else []),
            description=paragraphs(response, s["description"]),
            funding=parse_funding(first(response, s["recognised_for"])),
            duration=dump(parse_duration(first(response, s["duration"]))),
            languages=language_codes([first(response, s["language"]) or ""]) or ["nl"],
            sessions=[
                {
                    "start_date": start.isoformat() if start else None,
                    "end_date": end.isoformat() if end else None,
                    "schedule": [v.value for v in parse_schedule(schedule)],
                    "intensity": parse_intensity(schedule),
                    "location": dump(parse_location(first(response, s["location"]))),
                }
            ],
        )
        return item
