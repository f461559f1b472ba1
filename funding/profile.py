"""Who is asking: the person's status, joint committee, education and company size."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from catalogue.model import CompanySize, JointCommittee, WorkerStatus
from funding.committees import check_committee

SMALL_MAX_STAFF = 49  # KMO-portefeuille / EU SME definition: small < 50
MEDIUM_MAX_STAFF = 249  # medium < 250


class EducationLevel(StrEnum):
    """Highest diploma, in the words of the Flemish incentives."""

    LOW = "low"  # kortgeschoold: no diploma of secondary education
    MEDIUM = "medium"  # middengeschoold: secondary education
    HIGH = "high"  # hooggeschoold: higher education (bachelor, master, ...)


def size_for_staff(staff: int) -> CompanySize:
    if staff <= SMALL_MAX_STAFF:
        return CompanySize.SMALL
    if staff <= MEDIUM_MAX_STAFF:
        return CompanySize.MEDIUM
    return CompanySize.LARGE


class Profile(BaseModel):
    """A worker, job seeker, self-employed person or employer. Invalid input raises a pydantic
    ``ValidationError`` whose error locations name the field (the web answers 400 with them)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    status: WorkerStatus
    joint_committee: JointCommittee | None = None  # paritair comité: "200", "149.01"
    education_level: EducationLevel | None = None
    company_size: CompanySize | None = None
    staff_count: int | None = Field(default=None, ge=0, le=1_000_000)
    private_sector: bool = True  # Vlaams opleidingsverlof is for the private sector only

    @field_validator("joint_committee")
    @classmethod
    def _known_committee(cls, value: str | None) -> str | None:
        return check_committee(value) if value is not None else value

    @field_validator("staff_count")
    @classmethod
    def _fits_size(cls, value: int | None, info: ValidationInfo) -> int | None:
        size = info.data.get("company_size")
        if value is not None and size is not None and size_for_staff(value) != size:
            raise ValueError(
                f"{value} staff is a {size_for_staff(value).value} company, not {size.value}"
            )
        return value

    @model_validator(mode="after")
    def _derive_size(self) -> Self:
        if self.company_size is None and self.staff_count is not None:
            object.__setattr__(self, "company_size", size_for_staff(self.staff_count))
        return self


def profile_from_params(params: Mapping[str, str]) -> Profile | None:
    """A profile from query parameters named like its fields (``status``, ``joint_committee``,
    ``education_level``, ``company_size``, ``staff_count``, ``private_sector``); other
    parameters are ignored. ``None`` when no ``status`` is given (no profile: no personal
    costs). Invalid values raise ``ValidationError`` naming the field (answer 400)."""
    if not params.get("status"):
        return None
    values = {k: v for k, v in params.items() if k in Profile.model_fields and v != ""}
    return Profile.model_validate(values)
