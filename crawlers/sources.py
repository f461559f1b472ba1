"""The source registry: every crawled source as configuration (``data/sources.yaml``).

A source is either a spider written in code (``spider: cevora``) with its schedule, or a site
described entirely here: its website and start URLs or sitemap, which URLs are offer pages,
how they are read (``read: schemaorg`` or named CSS ``selectors`` per field), its sector fund
and joint committees, cadence and contact. A new sector fund is a few lines::

    horeca-forma:
      name: Horeca Forma
      website: https://www.horecaforma.be
      start_urls: [/opleidingen]
      detail_url_pattern: '/opleidingen/(?P<id>\\d+)-[a-z0-9-]+$'
      listing: {detail_link: 'a.course::attr(href)', next_page: 'a[rel=next]::attr(href)'}
      selectors: {title: h1, price: .price}
      fund: {name: Horeca Forma, joint_committees: ["302"]}
      cadence: 1d
      contact: opleidingen@horecaforma.be

The file is validated on load (:func:`load_registry`); a mistake is a
:class:`SourceRegistryError` naming the file, the source and the field.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from cssselect import SelectorError
from parsel.csstranslator import HTMLTranslator
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from catalogue.ids import SOURCE_KEY
from catalogue.model import FundingOption, FundingScheme, LanguageCode

REGISTRY_FILE = Path(__file__).parent / "data" / "sources.yaml"

# the fields a selector source may name (crawlers.spiders.mixins.SelectorDetailMixin and
# SectorFundMixin read them)
SELECTOR_FIELDS = frozenset(
    {
        "title",
        "description",
        "price",
        "duration",
        "schedule",
        "mode",
        "language",
        "certificate",
        "target_groups",
        "prerequisites",
        "registration_url",
        "facts",
        "offer_type",
        "organiser",
        "premium",
        "session",
        "session.id",
        "session.dates",
        "session.location",
        "session.schedule",
        "session.mode",
        "session.status",
        "session.price",
    }
)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


class SourceRegistryError(ValueError):
    """The registry file is invalid: where (file, source, field) and why."""


def _duration(value: Any) -> Any:
    """'90s', '30m', '6h', '1d', '2w' or a number of seconds."""
    if isinstance(value, str):
        m = _DURATION.match(value)
        if not m:
            raise ValueError(f"{value!r} is not a duration such as 30m, 6h, 1d or 2w")
        return timedelta(seconds=float(m[1]) * _UNITS[m[2]])
    return value


Duration = Annotated[timedelta, BeforeValidator(_duration)]


def show_duration(value: timedelta) -> str:
    """The shortest of '90s', '30m', '6h', '1d', '2w' that states ``value`` exactly."""
    seconds = int(value.total_seconds())
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def _css(value: str, where: str) -> None:
    try:
        HTMLTranslator().css_to_xpath(value)
    except SelectorError as exc:
        raise ValueError(f"{where}: {value!r} is not a CSS selector ({exc})") from None


class Listing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    detail_link: str = Field(description="CSS selector of the offer links on a listing page")
    next_page: str | None = Field(default=None, description="CSS selector of the next page link")


class Fund(BaseModel):
    """A sector fund given in place (a key of ``data/sector_funds.yaml`` also works)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    joint_committees: list[Annotated[str, Field(pattern=r"^\d{3}(\.\d{2})?$")]] = Field(
        min_length=1
    )
    website: str | None = None
    worker_statuses: list[str] = []
    percentage: int | None = Field(default=None, ge=0, le=100)
    conditions: str | None = None

    def funding_option(self) -> dict[str, Any]:
        option = {
            "scheme": FundingScheme.SECTOR_FUND.value,
            "fund": self.name,
            "joint_committees": self.joint_committees,
            "worker_statuses": self.worker_statuses,
            "conditions": self.conditions,
            "url": self.website,
            "percentage": self.percentage,
        }
        option = {k: v for k, v in option.items() if v not in (None, [])}
        FundingOption.model_validate(option)
        return option


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=SOURCE_KEY.pattern)
    spider: str | None = Field(default=None, description="a spider written in code")
    name: str | None = None
    website: str | None = Field(default=None, pattern=r"^https?://[^/\s]+$")
    start_urls: list[str] = []
    sitemap: str | None = None
    detail_url_pattern: str | None = None
    read: Literal["selectors", "schemaorg"] = "selectors"
    listing: Listing | None = None
    selectors: dict[str, str] = {}
    fund: Fund | str | None = None
    languages: list[LanguageCode] = ["nl"]
    fixture: str | None = Field(default=None, description="offline fixture folder (default key)")
    cadence: Duration = timedelta(days=1)
    full_refresh: Duration = timedelta(days=7)
    jitter: Duration = timedelta(minutes=10)
    timeout: Duration = timedelta(hours=2)
    contact: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Source:
        if self.spider:
            described = [
                f
                for f in ("start_urls", "sitemap", "detail_url_pattern", "listing", "selectors")
                if getattr(self, f)
            ]
            if described:
                raise ValueError(
                    f"a code spider ({self.spider}) reads its own pages:"
                    f" drop {', '.join(described)}"
                )
            return self
        if not self.website:
            raise ValueError("website is required (or name a code spider with `spider:`)")
        if not (self.start_urls or self.sitemap):
            raise ValueError("give start_urls or a sitemap")
        if self.read == "selectors":
            self._check_selectors()
        if isinstance(self.fund, str):
            from crawlers.funds import sector_funds

            if self.fund not in sector_funds():
                known = ", ".join(sorted(sector_funds()))
                raise ValueError(f"fund {self.fund!r} is not in sector_funds.yaml ({known})")
        for field in ("cadence", "full_refresh"):
            if getattr(self, field) <= timedelta(0):
                raise ValueError(f"{field} must be positive")
        return self

    def _check_selectors(self) -> None:
        if not self.detail_url_pattern:
            raise ValueError("detail_url_pattern is required for a selector source")
        try:
            pattern = re.compile(self.detail_url_pattern)
        except re.error as exc:
            raise ValueError(f"detail_url_pattern is not a regex: {exc}") from None
        if "id" not in pattern.groupindex:
            raise ValueError("detail_url_pattern needs a group (?P<id>...): the source's own id")
        if "title" not in self.selectors:
            raise ValueError("selectors.title is required")
        unknown = sorted(set(self.selectors) - SELECTOR_FIELDS)
        if unknown:
            raise ValueError(
                f"unknown selector field {', '.join(unknown)};"
                f" known: {', '.join(sorted(SELECTOR_FIELDS))}"
            )
        for name, css in self.selectors.items():
            _css(css, f"selectors.{name}")
        if self.start_urls and not self.listing:
            raise ValueError("start_urls are listing pages: give listing.detail_link")
        if self.listing:
            _css(self.listing.detail_link, "listing.detail_link")
            if self.listing.next_page:
                _css(self.listing.next_page, "listing.next_page")

    # ------------------------------------------------------------------ derived
    def url(self, path: str, base: str | None = None) -> str:
        base = (base or self.website or "").rstrip("/")
        return path if "://" in path else base + "/" + path.lstrip("/")

    def funding_option(self) -> dict[str, Any] | None:
        if self.fund is None:
            return None
        if isinstance(self.fund, str):
            from crawlers.funds import fund_funding_option

            return fund_funding_option(self.fund)
        return self.fund.funding_option()

    def provider(self) -> dict[str, Any]:
        provider: dict[str, Any] = {"name": self.name or self.key}
        if self.website:
            provider["website"] = self.website
        return provider


class Registry(BaseModel):
    sources: dict[str, Source]
    path: Path

    def get(self, key: str) -> Source:
        try:
            return self.sources[key]
        except KeyError:
            known = ", ".join(sorted(self.sources))
            raise KeyError(f"no source {key!r} in {self.path}; known: {known}") from None

    def for_url(self, url: str) -> Source | None:
        """The source whose website (or code spider's live site) serves ``url``."""
        from crawlers.registry import spider_class

        for source in self.sources.values():
            base = source.website or (
                spider_class(source.spider).live_base_url if source.spider else None
            )
            if base and url.startswith(base.rstrip("/") + "/"):
                return source
        return None


def _where(exc: ValidationError) -> str:
    problems = []
    errors = exc.errors()
    for error in errors:
        # `fund:` is a mapping or a key of sector_funds.yaml: report the branch that was meant
        if error["loc"][-1:] == ("str",) and len(errors) > 1:
            continue
        loc = ".".join(str(p) for p in error["loc"] if p not in ("Fund", "str"))
        message = error["msg"].removeprefix("Value error, ")
        problems.append(f"{loc}: {message}" if loc else message)
    return "; ".join(problems)


def parse_registry(text: str, path: Path) -> Registry:
    """Validate the registry file's text; every problem names the source and the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourceRegistryError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        raise SourceRegistryError(f"{path}: expected a mapping `sources:` of source key → source")
    from crawlers.registry import spider_names

    sources: dict[str, Source] = {}
    for key, entry in data["sources"].items():
        if not isinstance(entry, dict):
            raise SourceRegistryError(f"{path}: source {key!r}: expected a mapping of fields")
        try:
            source = Source.model_validate({"key": key, **entry})
        except ValidationError as exc:
            raise SourceRegistryError(f"{path}: source {key!r}: {_where(exc)}") from None
        if source.spider and source.spider not in spider_names():
            raise SourceRegistryError(
                f"{path}: source {key!r}: spider: no spider {source.spider!r};"
                f" known: {', '.join(spider_names())}"
            )
        sources[key] = source
    return Registry(sources=sources, path=path)


@cache
def _load(path: Path, mtime: float) -> Registry:
    return parse_registry(path.read_text(encoding="utf-8"), path)


def load_registry(path: Path | None = None) -> Registry:
    """The registry at ``path`` (default: the shipped ``data/sources.yaml``), validated."""
    path = Path(path or REGISTRY_FILE)
    if not path.is_file():
        raise SourceRegistryError(f"{path}: no such source registry")
    return _load(path.resolve(), path.stat().st_mtime)
