"""Rules that hold for any offer the catalogue can hold: the export is valid against loq.xsd,
and every offer is either in it once or named with a reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from catalogue.model import Offer, Province
from europass.mapping import OfferMapper, hours_duration
from taxonomy import load_taxonomy
from tests.europass.conftest import NS, assert_valid, export, top_level

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
day = st.dates(date(2020, 1, 1), date(2030, 12, 31))
LANGUAGES = ["nl", "fr", "en", "de", "ar", "tr", "xx"]
COUNTRIES = ["BE", "NL", "FR", "DE", "LU", "XK", "ZZ"]
TAXONOMY = load_taxonomy()
CONCEPTS = [*sorted(TAXONOMY.concepts)[:200], "esco:skill/not-in-the-taxonomy"]
MODES = ["classroom", "online_live", "online_self_paced", "blended", "workplace"]


@st.composite
def locations(draw):
    country = draw(st.sampled_from(COUNTRIES))
    loc = {"country": country, "municipality": draw(st.none() | text)}
    if country == "BE":
        loc["postcode"] = str(draw(st.integers(1000, 9999)))
        loc["province"] = draw(st.none() | st.sampled_from([p.value for p in Province]))
    if draw(st.booleans()):
        loc["latitude"] = draw(st.floats(-90, 90))
        loc["longitude"] = draw(st.floats(-180, 180))
    return loc


@st.composite
def sessions(draw):
    start = draw(st.none() | day)
    end = (
        start + timedelta(days=draw(st.integers(0, 400))) if start and draw(st.booleans()) else None
    )
    return {
        "start_date": start,
        "end_date": end,
        "schedule": draw(st.lists(st.sampled_from(["daytime", "evening", "weekend"]), unique=True)),
        "intensity": draw(st.none() | st.sampled_from(["full_time", "part_time"])),
        "delivery_mode": draw(
            st.sampled_from(
                ["classroom", "online_live", "online_self_paced", "blended", "workplace"]
            )
        ),
        "location": draw(st.none() | locations()),
        "status": draw(st.none() | st.sampled_from(["open", "full", "cancelled"])),
        "places_left": draw(st.none() | st.integers(0, 30)),
        "registration_deadline": draw(st.none() | day),
        "prices": draw(st.lists(prices(), max_size=2)),
    }


def prices():
    return st.fixed_dictionaries(
        {
            "amount": st.decimals(0, 50000, places=2).map(Decimal),
            "unit": st.sampled_from(["total", "per_day", "per_hour", "per_teaching_period"]),
            "vat": st.sampled_from(["included", "excluded", "exempt", "unknown"]),
            "audience": st.sampled_from(["all", "member", "non_member"]),
            "note": st.none() | text,
        }
    )


@st.composite
def offers(draw, n: int):
    source_id = f"syn-{n}"
    hours = draw(st.none() | st.floats(0.1, 5000))
    return {
        "source": draw(st.sampled_from(["vdab", "odb", "cevora", "syntra-ab"])),
        "source_id": source_id,
        "url": f"https://example.org/opleiding/{n}/{draw(text)}?q={draw(st.integers(0, 9))}",
        "identifiers": draw(
            st.lists(
                st.sampled_from(
                    [
                        {"scheme": "odb", "value": "ODB-0002141"},
                        {"scheme": "vdab", "value": "750417"},
                        {"scheme": "other", "value": "X&<1>"},
                    ]
                ),
                unique_by=lambda i: i["scheme"],
            )
        ),
        "title": draw(text),
        "description": draw(st.text(max_size=200)),
        "provider": {
            "name": draw(st.sampled_from(["VDAB", "Syntra AB", "Cevora vzw"]) | text),
            "website": draw(st.none() | text.map(lambda t: f"https://provider.example.be/{t}")),
            "kmo_portefeuille_number": draw(st.none() | st.just("DV.O101767")),
        },
        "languages": draw(st.lists(st.sampled_from(LANGUAGES), unique=True, max_size=3)),
        "level": draw(st.none() | st.builds(dict, value=st.integers(1, 8))),
        "certificate": draw(st.none() | text),
        "target_groups": draw(st.lists(text, max_size=2)),
        "prerequisites": draw(st.none() | text),
        "competences": [
            {"concept_id": c, "score": 0.9, "method": "label"}
            for c in draw(st.lists(st.sampled_from(CONCEPTS), unique=True, max_size=4))
        ],
        "fields_of_education": draw(
            st.lists(st.sampled_from(["0715", "0413", "07", "0735", "1022", "0000"]), max_size=2)
        ),
        "funding": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "scheme": st.sampled_from(["sector_fund", "vdab", "opleidingscheques"]),
                        "fund": st.none() | text,
                        "percentage": st.none() | st.floats(0, 100),
                        "amount": st.none() | st.decimals(0, 1000, places=2),
                        "joint_committees": st.lists(st.sampled_from(["200", "124", "111.01"])),
                        "url": st.none() | text.map(lambda t: f"https://fonds.example.be/?{t}"),
                    }
                ),
                max_size=2,
            )
        ),
        "prices": draw(st.lists(prices(), max_size=2)),
        "duration": {"hours": hours, "weeks": draw(st.none() | st.floats(0.5, 52))},
        "registration_url": draw(st.none() | st.just("https://example.org/inschrijven?a=1&b=2")),
        "sessions": draw(st.lists(sessions(), max_size=3)),
    }


@st.composite
def catalogues(draw):
    valid = []
    for n in range(draw(st.integers(1, 4))):
        try:
            valid.append(Offer.model_validate(draw(offers(n))))
        except ValidationError:
            continue
    assume(valid)
    return valid


@pytest.mark.timeout(900)  # libxml2 validates slowly, slower on a loaded machine
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_any_offers_export_to_a_valid_document(catalogue):
    data, report = export(catalogue, TAXONOMY)
    tree = assert_valid(data, every_copy=False)
    written = {lo.get("id").removeprefix("urn:leeraanbod:offer:") for lo in top_level(tree)}
    assert written | set(report.skipped) == {o.id for o in catalogue}
    assert not written & set(report.skipped)
    assert report.exported == len(written)
    for reason in report.skipped.values():
        assert "XML" in reason or "not on the EU list" in reason, reason


def test_an_offer_elm_cannot_carry_is_named_and_the_rest_stays_valid():
    from tests.factories import make_offer

    good = make_offer()
    bad = make_offer(source_id="2", title="Lassen \ufffe", identifiers=[])
    abroad = make_offer(
        source_id="3",
        identifiers=[],
        sessions=[{"start_date": "2026-01-12", "location": {"country": "ZZ"}}],
    )
    data, report = export([good, bad, abroad])
    tree = assert_valid(data)
    assert [lo.get("id") for lo in top_level(tree)] == [f"urn:leeraanbod:offer:{good.id}"]
    assert report.skipped == {
        bad.id: "title: holds a character XML 1.0 cannot carry",
        abroad.id: "sessions.location: country 'ZZ' is not on the EU list",
    }
    comment = tree.getroot().find("l:learningOpportunityReferences", NS)[-1]
    assert "2 offer(s) left out" in comment.text and bad.id in comment.text


def test_an_identifier_two_sources_share_is_written_once():
    from tests.factories import make_offer

    odb = [{"scheme": "odb", "value": "ODB-0002141"}]
    data, report = export([make_offer(identifiers=odb), make_offer(source="odb", identifiers=odb)])
    tree = assert_valid(data)
    assert report.exported == 2
    assert len(tree.xpath("//skos:notation", namespaces={"skos": NS_SKOS})) == 1


NS_SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_durations_and_mappings():
    assert hours_duration(7.6) == "PT7H36M"
    assert hours_duration(120) == "PT120H"
    assert hours_duration(0.001) == "PT1M"
    from europass import vocabularies as cv

    assert cv.language_uri("nl").endswith("/NLD") and cv.language_uri("xx") is None
    assert cv.country_uri("BE").endswith("/BEL")
    assert cv.isced_uri("0715").endswith("/0715")
    assert cv.isced_uri("0735").endswith("/073")  # widened to a code the list has
    assert cv.nuts_uri(Province.LIMBURG, "BE").endswith("/BE22")
    assert cv.eqf_uri(6) == "http://data.europa.eu/snb/eqf/6"
    assert OfferMapper().map(
        Offer.model_validate(
            {
                "source": "vdab",
                "source_id": "1",
                "url": "https://example.org/1",
                "title": "Bachelor",
                "provider": {"name": "X"},
                "level": {"framework": "vks", "value": 6},
            }
        )
    ).specification.level == cv.eqf_uri(6)
