"""The dashboard's two filters, shared by every offer-based report: sector fund and province."""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.model import Offer, Province, Session
from reports.regions import session_province
from reports.table import Cell


@dataclass(frozen=True)
class OfferFilter:
    """``fund``: keep offers with a funding option of that fund (``FundingOption.fund``, case
    does not matter, e.g. ``Cevora``). ``province``: keep offers with at least one session
    located in that province, and only those sessions."""

    fund: str | None = None
    province: Province | None = None

    @classmethod
    def parse(cls, fund: str | None = None, province: str | None = None) -> OfferFilter:
        """From user input; an unknown province is a ``ValueError`` naming the valid ones."""
        fund = (fund or "").strip() or None
        wanted = None
        if province and province.strip():
            by_name = {p.value.casefold(): p for p in Province}
            wanted = by_name.get(province.strip().casefold())
            if wanted is None:
                valid = ", ".join(p.value for p in Province)
                raise ValueError(f"unknown province {province!r}; use one of: {valid}")
        return cls(fund=fund, province=wanted)

    def __bool__(self) -> bool:
        return self.fund is not None or self.province is not None

    def keeps(self, offer: Offer) -> bool:
        if self.fund is not None:
            wanted = self.fund.casefold()
            if not any((f.fund or "").casefold() == wanted for f in offer.funding):
                return False
        return self.province is None or bool(self.sessions(offer))

    def sessions(self, offer: Offer) -> list[Session]:
        if self.province is None:
            return list(offer.sessions)
        return [s for s in offer.sessions if session_province(s) == self.province]

    def as_parameters(self) -> dict[str, Cell | list[str]]:
        return {"fund": self.fund, "province": self.province.value if self.province else None}
