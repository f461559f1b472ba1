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
    taxonomy_dir: Path = Field(
        default=Path("../shared/taxonomy"), description="ESCO/ISCED-F/VDAB reference data"
    )
    search_backend: str = Field(
        default="tantivy", description="tantivy | opensearch | elasticsearch"
    )
    search_url: str | None = Field(default=None, description="cluster URL for a cluster backend")
    index_name: str = "leeraanbod-offers"
    search_timeout: float = Field(
        default=2.0, gt=0, description="seconds per search engine call before a 503"
    )
    user_agent: str = "LeeraanbodBot/0.1 (+https://github.com/leeraanbod/leeraanbod)"

    @cached_property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'catalogue.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def get_settings() -> Settings:
    return Settings()
