"""The joint committees (paritaire comités) as data: every committee's number, its name in
Dutch, French and English and its sector fund, from ``funding/data/joint_committees.yaml``
(the FOD WASO list; the file says its source and date). Used to validate a profile's committee
and to name committees on the pages ("PC 200 – aanvullend paritair comité voor de bedienden,
Cevora")."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

from catalogue.model import HttpUrlStr, JointCommittee


class Committee(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: JointCommittee
    nl: str = Field(min_length=5)
    fr: str = Field(min_length=5)
    en: str = Field(min_length=5)
    fund: str | None = None  # the sector training fund serving it (None: none known)

    @property
    def kind(self) -> str:
        return "PSC" if "." in self.number else "PC"

    def name(self, lang: str = "nl") -> str:
        return getattr(self, lang, None) or self.nl

    def label(self, lang: str = "nl") -> str:
        """``PC 200 – aanvullend paritair comité voor de bedienden, Cevora``."""
        prefix = {"nl": self.kind, "fr": "CP" if self.kind == "PC" else "SCP", "en": "JC"}
        text = self.name(lang)
        text = text[0].lower() + text[1:]
        fund = f", {self.fund}" if self.fund else ""
        return f"{prefix.get(lang, self.kind)} {self.number} – {text}{fund}"


class CommitteeList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source_url: HttpUrlStr
    read_on: date
    committees: list[Committee] = Field(min_length=1)

    def by_number(self) -> dict[str, Committee]:
        return {c.number: c for c in self.committees}


@cache
def committee_list() -> CommitteeList:
    text = resources.files("funding").joinpath("data", "joint_committees.yaml").read_text("utf-8")
    found = CommitteeList.model_validate(yaml.safe_load(text))
    numbers = [c.number for c in found.committees]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise ValueError(f"joint_committees.yaml: numbers listed twice: {duplicates}")
    return found


@cache
def committees() -> dict[str, Committee]:
    """Every known committee by number, in number order."""
    return committee_list().by_number()


def committee(number: str) -> Committee | None:
    return committees().get(number)


def check_committee(number: str) -> str:
    """The number when it is a known committee; else a ``ValueError`` that names it."""
    if number not in committees():
        raise ValueError(
            f"unknown joint committee {number!r}: not a paritair comité on the FOD WASO list "
            f"({committee_list().source_url}); find yours on your payslip or ask your employer"
        )
    return number


def committee_label(number: str, lang: str = "nl") -> str:
    """The committee named for the pages; an unknown number as it is."""
    found = committee(number)
    return found.label(lang) if found else f"PC {number}"
