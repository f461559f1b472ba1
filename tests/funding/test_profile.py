from __future__ import annotations

import pytest
from pydantic import ValidationError

from catalogue.model import CompanySize, error_fields
from funding import Profile


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "boss"}, "status"),
        ({}, "status"),
        ({"status": "employee", "joint_committee": "20"}, "joint_committee"),
        ({"status": "employee", "joint_committee": "149.1"}, "joint_committee"),
        ({"status": "employer", "staff_count": -1}, "staff_count"),
        ({"status": "employer", "company_size": "small", "staff_count": 300}, "staff_count"),
        ({"status": "employer", "company_size": "huge"}, "company_size"),
        ({"status": "employee", "education_level": "phd"}, "education_level"),
        ({"status": "employee", "salary": 3000}, "salary"),
    ],
)
def test_an_invalid_profile_names_the_field(data: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate(data)
    assert error_fields(caught.value) == [field]


@pytest.mark.parametrize(
    ("staff", "size"),
    [
        (0, CompanySize.SMALL),
        (49, CompanySize.SMALL),
        (50, CompanySize.MEDIUM),
        (249, CompanySize.MEDIUM),
        (250, CompanySize.LARGE),
    ],
)
def test_company_size_follows_the_staff_count(staff: int, size: CompanySize) -> None:
    assert Profile(status="employer", staff_count=staff).company_size == size


def test_joint_committee_is_read_from_text() -> None:
    assert Profile(status="employee", joint_committee=" 149.01 ").joint_committee == "149.01"


def test_a_profile_from_query_parameters() -> None:
    from funding import profile_from_params

    assert profile_from_params({"q": "excel", "page": "2"}) is None
    profile = profile_from_params(
        {
            "q": "excel",
            "status": "employer",
            "joint_committee": "200",
            "staff_count": "30",
            "private_sector": "false",
            "education_level": "",
        }
    )
    assert profile == Profile(
        status="employer", joint_committee="200", staff_count=30, private_sector=False
    )
    assert profile.company_size == CompanySize.SMALL
    with pytest.raises(ValidationError) as caught:
        profile_from_params({"status": "employee", "staff_count": "veel"})
    assert error_fields(caught.value) == ["staff_count"]
