"""The pages with a funding profile: "Wie ben je?" on the search page (free for me, sort by my
cost, "Ook via") and the SME page ``/kmo`` — through the real app, store and index. Expected
answers come from the funding engine (``funding.is_free_for``, ``offer_rule_ids``,
``competence_area``) and the course runs the index is built from, not from the pages' code."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from babel.numbers import format_currency
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.runs import RunStats
from catalogue.store import open_store
from funding import Profile, estimate, offer_rule_ids
from funding.sme import ISCED_BROAD_FIELDS_NL, competence_area
from index.course_runs import course_runs
from tests.factories import make_offer
from tests.web.conftest import PC200, free_for, make_settings
from web import create_app
from web.labels import SOURCES
from web.params import SearchParams

EMPLOYEE_200 = Profile(status="employee", joint_committee="200")


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert "Set-Cookie" not in response.headers  # the profile is never kept server-side
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hit_ids(soup: BeautifulSoup) -> list[str]:
    return [urlsplit(a["href"]).path.rsplit("/", 1)[1] for a in soup.select("li.hit h3 a")]


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


# ------------------------------------------------------------------ search page
def test_free_for_me_shows_only_the_runs_free_for_the_profile(client, runs) -> None:
    soup = page(client, f"/?{PC200}&free_for_me=true&page_size=50")
    expected = {r.representative.id for r in runs if free_for(EMPLOYEE_200, r)}
    assert expected and set(hit_ids(soup)) == expected
    assert len(expected) < len(runs)  # the filter filtered
    for hit in soup.select("li.hit"):
        assert hit.select_one(".badge.for-me").get_text(strip=True) == "Gratis voor jou"
    # the form shows the profile it was given
    assert soup.select_one("#status option[selected]")["value"] == "employee"
    assert soup.select_one("#joint_committee")["value"] == "200"
    assert soup.select_one("#free_for_me").has_attr("checked")
    assert not soup.select_one("#sort-my-cost").has_attr("hidden")


def test_the_badge_marks_exactly_the_runs_free_for_the_profile(client, runs) -> None:
    soup = page(client, f"/?{PC200}&page_size=50")
    by_id = {r.representative.id: r for r in runs}
    badges = {
        hit_ids(BeautifulSoup(str(hit), "html.parser"))[0]: bool(hit.select(".badge.for-me"))
        for hit in soup.select("li.hit")
    }
    assert len(badges) == len(runs)
    assert badges == {i: free_for(EMPLOYEE_200, by_id[i]) for i in badges}
    assert True in badges.values() and False in badges.values()


def test_sort_by_my_cost_on_the_page_puts_the_free_runs_first(client) -> None:
    soup = page(client, f"/?{PC200}&sort=my_cost&page_size=50")
    flags = [bool(hit.select(".badge.for-me")) for hit in soup.select("li.hit")]
    assert flags == sorted(flags, reverse=True) and True in flags and False in flags
    assert soup.select_one("#sort option[selected]")["value"] == "my_cost"


def test_without_a_profile_there_is_no_my_cost_and_no_badge(client) -> None:
    soup = page(client, "/?page_size=50")
    option = soup.select_one("#sort-my-cost")
    assert option.has_attr("hidden") and option.has_attr("disabled")
    assert not soup.select(".badge.for-me")
    assert soup.select(".badge.free")  # free for everyone is still said
    assert not soup.select("#status option[selected]")  # "niet opgegeven" is the first


def test_a_run_listed_twice_says_where_else_it_is_available(client, runs) -> None:
    soup = page(client, "/?page_size=50")
    hits = {hit_ids(BeautifulSoup(str(h), "html.parser"))[0]: h for h in soup.select("li.hit")}
    merged = [r for r in runs if len(r.offers) > 1]
    assert merged
    for run in merged:
        also = hits[run.representative.id].select_one("p.also-via")
        assert also is not None and also.get_text(" ", strip=True).startswith("Ook via:")
        links = [(a["href"], a.get_text(strip=True), a["rel"]) for a in also.select("a")]
        others = [o for o in run.offers if o.id != run.representative.id]
        assert [(h, t) for h, t, _ in links] == [
            (o.url, str(SOURCES.get(o.source, o.source))) for o in others
        ]
        assert all("noreferrer" in rel for _, _, rel in links)  # the profile stays here
    single = {r.representative.id for r in runs if len(r.offers) == 1}
    assert all(not hits[i].select("p.also-via") for i in single)
    assert "Opleidingsdatabank" in soup.select_one("p.also-via").get_text()


def test_the_profile_survives_paging_and_reaches_the_offer_page(client) -> None:
    soup = page(client, f"/?{PC200}&free_for_me=true&page_size=2")
    following = soup.select_one("nav.pager a[rel=next]")["href"]
    assert query_of(following) == {
        "status": ["employee"],
        "joint_committee": ["200"],
        "free_for_me": ["true"],
        "page_size": ["2"],
        "page": ["2"],
    }
    second = page(client, following)
    assert all(h.select(".badge.for-me") for h in second.select("li.hit"))
    # the facet checkboxes are in the same form as the profile, so applying one keeps it
    form = soup.select_one("#search-form")
    assert form.select_one("aside.facets") and form.select_one("fieldset.profile")
    # each result opens with this searcher's cost (the profile only, not the search)
    link = soup.select_one("li.hit h3 a")["href"]
    assert query_of(link) == {"status": ["employee"], "joint_committee": ["200"]}
    offer = page(client, link)
    assert "Jouw kost" in offer.select_one(".estimate").get_text()


def test_the_profile_is_not_logged(client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    page(client, "/?status=employer&joint_committee=149.01&company_size=medium")
    page(client, "/kmo?joint_committee=149.01&company_size=medium")
    assert caplog.records
    assert not [r for r in caplog.records if "149.01" in r.getMessage()]


@pytest.mark.parametrize(
    ("lang", "name"), [("nl", "Opleidingsdatabank"), ("fr", "Banque de données des formations")]
)
def test_sources_are_named_alike_in_the_facet_and_ook_via(client, lang, name) -> None:
    soup = page(client, f"/?q=excel&lang={lang}")
    facet = soup.select_one("input[name=sources][value=odb]")
    assert soup.select_one(f"label[for={facet['id']}]").get_text(" ", strip=True).startswith(name)
    assert name in soup.select_one("p.also-via").get_text()


def test_an_employer_is_pointed_to_the_sme_page(client) -> None:
    soup = page(client, "/?status=employer&joint_committee=124&company_size=small")
    link = soup.select_one(".sme-link a")["href"]
    assert urlsplit(link).path == "/kmo"
    assert parse_qs(urlsplit(link).query) == {
        "joint_committee": ["124"],
        "company_size": ["small"],
    }
    assert not page(client, f"/?{PC200}").select(".sme-link")  # an employee is not


@pytest.mark.parametrize(
    ("query", "field", "label"),
    [
        ("status=employee&joint_committee=12", "joint_committee", "Paritair comité (PC)"),
        ("joint_committee=200&free_for_me=true", "status", "Ik ben"),
        ("status=employer&company_size=huge", "company_size", "Bedrijfsgrootte"),
    ],
)
def test_a_bad_profile_is_a_400_naming_the_field(client, query, field, label) -> None:
    soup = page(client, f"/?{query}", status=400)
    error = soup.select_one(".error[role=alert]").get_text(" ", strip=True)
    assert label in error and field in error
    assert soup.select_one("fieldset.profile")  # the form is there to correct it


def test_the_profile_form_in_french(client) -> None:
    soup = page(client, f"/?{PC200}&free_for_me=true&lang=fr")
    assert soup.select_one("fieldset.profile legend").get_text(strip=True) == "Qui êtes-vous ?"
    assert soup.select_one("label[for=free_for_me]").get_text() == "Uniquement gratuit pour moi"
    assert soup.select_one(".badge.for-me").get_text(strip=True) == "Gratuit pour vous"


# ------------------------------------------------------------------ SME page
def sme_rows(soup: BeautifulSoup) -> dict[str, list[tuple[str, str, str]]]:
    """Area heading -> [(offer id, employer's cost cell, link query)]."""
    found = {}
    for section in soup.select("section.area"):
        heading = section.select_one("h3").get_text(strip=True)
        rows = []
        for row in section.select("tbody tr"):
            href = row.select_one("th a")["href"]
            rows.append(
                (
                    urlsplit(href).path.rsplit("/", 1)[1],
                    row.select_one("td.employer-cost").get_text(strip=True),
                    urlsplit(href).query,
                )
            )
        found[heading] = rows
    return found


def test_sme_page_groups_what_the_fund_pays_by_area(client, catalogue) -> None:
    soup = page(client, "/kmo?joint_committee=200&company_size=small")
    areas = sme_rows(soup)
    assert len(areas) >= 2
    funded = {
        s.offer.id: s.offer
        for s in catalogue.iter_offers()
        if "cevora-pc200" in offer_rule_ids(s.offer, date.today())
    }
    listed = [offer for rows in areas.values() for offer, _, _ in rows]
    assert len(listed) == len(set(listed)) and set(listed) <= set(funded)
    runs = [
        r for r in course_runs(catalogue, date.today()) if any(o.id in funded for o in r.offers)
    ]
    assert len(listed) == len(runs)  # one row per course run
    for heading, rows in areas.items():
        for offer, cost, query in rows:
            key, name = competence_area(funded[offer])
            expected = ISCED_BROAD_FIELDS_NL[key[6:]] if key.startswith("isced:") else name
            assert heading == ("Overige" if key == "overig" else expected)
            assert cost == "gratis"  # Cevora pays everything for PC 200 employers
            assert parse_qs(query) == {
                "status": ["employer"],
                "joint_committee": ["200"],
                "company_size": ["small"],
            }
    nav = [a.get_text(strip=True) for a in soup.select("nav.areas a")]
    assert nav == list(areas)
    heading = soup.select_one("#sme-heading").get_text(" ", strip=True)
    assert heading.startswith(f"{len(listed)} opleidingen") and "PC 200" in heading
    assert "ook via 1 andere bron" in soup.select_one("section.sme-results").get_text()
    assert "Wat we schatten, en wat niet" in soup.select_one("#h-explain").get_text()


def construction_offers() -> list:
    """PC 124: two paid courses the Constructiv premium helps pay, in two areas, and one the
    fund pays in full."""
    start = (date.today() + timedelta(days=30)).isoformat()
    common = {
        "sessions": [{"start_date": start, "delivery_mode": "classroom"}],
        "languages": ["nl"],
    }
    funding = [{"scheme": "sector_fund", "joint_committees": ["124"]}]
    return [
        make_offer(
            **common,
            source="syntra-ab",
            source_id="bouw-1",
            url="https://www.syntra-ab.example/bouw-1",
            identifiers=[],
            title="Metselen voor gevorderden",
            provider={"name": "Syntra AB"},
            prices=[{"amount": "500", "unit": "total"}],
            duration={"hours": 16},
            funding=funding,
            fields_of_education=["0732"],
        ),
        make_offer(
            **common,
            source="syntra-ab",
            source_id="bouw-2",
            url="https://www.syntra-ab.example/bouw-2",
            identifiers=[],
            title="Werfleider: planning en kosten",
            provider={"name": "Syntra AB"},
            prices=[{"amount": "900", "unit": "total"}],
            duration={"hours": 8},
            funding=funding,
            fields_of_education=["0413"],
        ),
        make_offer(
            **common,
            source="constructiv",
            source_id="c-1",
            url="https://www.constructiv.example/c-1",
            identifiers=[],
            title="Veilig werken op hoogte",
            provider={"name": "Constructiv"},
            prices=[{"amount": "350", "unit": "total"}],
            duration={"hours": 8},
            fields_of_education=["0732"],
        ),
    ]


@pytest.fixture(scope="module")
def construction_client(tmp_path_factory) -> Iterator:
    settings = make_settings(tmp_path_factory.mktemp("web-pc124"))
    store = open_store(settings.store_url)
    try:
        offers = construction_offers()
        for source in sorted({o.source for o in offers}):
            batch = [o for o in offers if o.source == source]
            run = store.start_run(source)
            store.upsert_offers(batch, run)
            store.finish_run(run, RunStats(pages=1, items_seen=len(batch), items_valid=len(batch)))
    finally:
        store.close()
    app = create_app({"TESTING": True, "SETTINGS": settings})
    yield app.test_client()
    app.extensions["leeraanbod"].close()


@pytest.mark.parametrize("size", ["", "small"])
def test_sme_page_shows_the_employers_net_cost(construction_client, size) -> None:
    soup = page(construction_client, f"/kmo?joint_committee=124&company_size={size}")
    areas = sme_rows(soup)
    assert list(areas) == ["Bedrijfskunde, administratie en recht", "Techniek, industrie en bouw"]
    profile = Profile(status="employer", joint_committee="124", company_size=size or None)
    by_title = {o.title: o for o in construction_offers()}
    costs = {}
    for row in soup.select("section.area tbody tr"):
        offer = by_title[row.select_one("th a").get_text(strip=True)]
        expected = estimate(profile, offer, date.today()).net_cost_to_employer
        cell = row.select_one("td.employer-cost").get_text(strip=True)
        costs[offer.title] = expected
        if expected == 0:
            assert cell == "gratis"
        elif expected < 0:  # a premium above the price: the employer is paid
            assert cell == f"gratis, premie {format_currency(-expected, 'EUR', locale='nl')}"
        else:
            assert cell == format_currency(expected, "EUR", locale="nl")
    assert len(costs) == 3
    assert costs["Veilig werken op hoogte"] < 0  # Constructiv's own course, and a premium
    assert 0 < costs["Metselen voor gevorderden"] < 500  # the premium per hour helps
    # the construction area lists the cheapest first
    building = [o for o, _, _ in areas["Techniek, industrie en bouw"]]
    assert [by_id_title(construction_offers(), o) for o in building] == [
        "Veilig werken op hoogte",
        "Metselen voor gevorderden",
    ]
    assert bool(soup.select(".note")) is (size == "")  # KMO-portefeuille needs the size


def by_id_title(offers: list, offer_id_: str) -> str:
    return next(o.title for o in offers if o.id == offer_id_)


def test_sme_page_without_parameters_explains_and_asks(client) -> None:
    soup = page(client, "/kmo")
    assert soup.select_one("#joint_committee").has_attr("required")
    assert not soup.select("section.area") and not soup.select(".error")
    assert soup.select_one("#h-explain")
    options = [o["value"] for o in soup.select("#joint-committees option")]
    assert "200" in options and "124" in options
    assert soup.select_one("nav a[href='/kmo']").get_text(strip=True) == "Voor werkgevers"


def test_sme_page_for_a_committee_nobody_funds(client) -> None:
    soup = page(client, "/kmo?joint_committee=329.01")
    assert not soup.select("section.area")
    assert "We kennen geen opleidingen" in soup.select_one("section.sme-results").get_text()


@pytest.mark.parametrize(
    ("query", "field", "label"),
    [
        ("joint_committee=2000", "joint_committee", "Paritair comité (PC)"),
        ("company_size=small", "joint_committee", "Paritair comité (PC)"),
        ("joint_committee=200&company_size=huge", "company_size", "Bedrijfsgrootte"),
        ("joint_committee=200&status=employee", "status", "Ik ben"),
    ],
)
def test_sme_page_names_the_bad_field(client, query, field, label) -> None:
    soup = page(client, f"/kmo?{query}", status=400)
    error = soup.select_one("#sme-errors")
    text = error.get_text(" ", strip=True)
    assert label in text and field in text
    if field == "joint_committee":
        assert "149.01" in text  # what the field expects, in words
        box = soup.select_one("#joint_committee")
        assert box["aria-invalid"] == "true" and "sme-errors" in box["aria-describedby"]


def test_sme_page_in_french(client) -> None:
    soup = page(client, "/kmo?joint_committee=200&lang=fr")
    assert soup.select_one("h1").get_text() == "Formations pour votre entreprise"
    headings = [h.get_text(strip=True) for h in soup.select("section.area h3")]
    assert "Commerce, administration et droit" in headings
    assert all("lang=fr" in a["href"] for a in soup.select("section.area th a"))


# ------------------------------------------------------------------ whatever arrives
PROFILE_VALUES = st.one_of(
    st.sampled_from(
        ["employee", "employer", "job_seeker", "self_employed", "200", "149.01", "2000", "1.2",
         "small", "medium", "huge", "low", "high", "true", "false", "my_cost", "-1", "", "<b>",
         "\x00", "🙂", "a" * 300]
    ),
    st.text(max_size=20),
)  # fmt: skip
PROFILE_PARAMS = st.lists(
    st.tuples(
        st.sampled_from([*SearchParams.model_fields, "lang", "x"]),
        PROFILE_VALUES,
    ),
    max_size=6,
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(pairs=PROFILE_PARAMS)
def test_fuzzed_profile_on_the_search_page_never_5xx(client, pairs) -> None:
    response = client.get("/?" + urlencode(pairs))
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    assert "Set-Cookie" not in response.headers


@FUZZ
@given(pairs=PROFILE_PARAMS)
def test_fuzzed_sme_page_never_5xx(client, pairs) -> None:
    response = client.get("/kmo?" + urlencode(pairs))
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
