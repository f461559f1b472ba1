"""Configuration from environment variables (prefix ``LEERAANBOD_``), documented in README.md."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEERAANBOD_", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str | None = Field(
        default=None, description="catalogue store; default sqlite:///{data_dir}/catalogue.sqlite3"
    )
    retire_after: int = Field(default=3, ge=1, description="good runs missed before retiring")
    taxonomy_dir: Path | None = Field(
        default=None,
        description="an official ESCO download (or esco/, isced-f/, vdab/) that "
        "`taxonomy import` reads when no directory is given; the package ships a snapshot",
    )
    search_backend: str = Field(
        default="tantivy", description="tantivy | opensearch | elasticsearch"
    )
    search_url: str | None = Field(default=None, description="Elasticsearch/OpenSearch URL")
    index_name: str = "leeraanbod-offers"
    search_timeout: float = Field(
        default=2.0,
        gt=0,
        le=30,
        description="seconds a search may take in the engine (all its calls) before a 503",
    )
    search_cache_size: int = Field(
        default=256,
        ge=0,
        le=100_000,
        description="answers and facet counts the embedded engine keeps per process "
        "(each kind); 0 = no caches (every search counted anew: uncached benchmarks)",
    )
    user_agent: str = "LeeraanbodBot/0.1 (+https://github.com/leeraanbod/leeraanbod)"
    sources_file: Path | None = Field(
        default=None, description="the source registry (YAML); default crawlers/data/sources.yaml"
    )
    # web (README "Web"): API and pages
    web_host: str = Field(default="127.0.0.1", description="address `leeraanbod serve` binds")
    web_port: int = Field(default=8000, ge=1, le=65535)
    web_threads: int = Field(default=8, ge=1, le=64, description="threads per serving process")
    web_workers: int = Field(
        default=0, ge=0, le=64, description="serving processes; 0 = one per CPU, 1 = waitress"
    )
    web_cors_origins: str = Field(
        default="", description="comma-separated origins allowed to call the API from a browser"
    )
    web_rate_limit: str = Field(
        default="120/minute;20/second", description="per-client limit (Flask-Limiter syntax)"
    )
    web_rate_limit_storage: str = Field(default="memory://", description="Flask-Limiter storage")
    web_proxy_count: int = Field(
        default=0, ge=0, le=5, description="trusted reverse proxies setting X-Forwarded-For"
    )
    web_retry_after: int = Field(default=10, ge=1, description="Retry-After seconds on 503")
    # reports (README "Reports")
    reports_cache_seconds: float = Field(
        default=60, ge=0, le=3600, description="how long a computed report is served again"
    )
    reports_shortage_list: Path | None = Field(
        default=None, description="the gaps report's shortage list (CSV); default the example"
    )
    # search demand log (docs/reports.md "Vraag zonder aanbod"): anonymous daily counts only
    demand_log: bool = Field(default=True, description="count text searches (off: write nothing)")
    demand_path: Path | None = Field(
        default=None, description="the demand log's SQLite file; default {data_dir}/demand.sqlite3"
    )
    demand_retention_days: int = Field(default=90, ge=1, le=366, description="days kept")
    demand_min_count: int = Field(
        default=5, ge=2, le=1000, description="a query is stored as text and published from N"
    )
    demand_flush_seconds: float = Field(default=30, gt=0, le=3600, description="write interval")

    @cached_property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'catalogue.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def get_settings() -> Settings:
    return Settings()
