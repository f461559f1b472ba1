"""Profile-aware search: the searcher's funding profile as query terms.

Documents carry ``funding_rules`` (``funding.offer_rule_ids``: the rules whose offer
conditions the course run meets through one of its listings); a profile gives the rules that
would make an offer free for it (``funding.free_rule_ids``). "Free for me" is then "free for
everyone, or a shared rule id" — a filter both engines answer — and ``sort=my_cost`` puts those
first. It is exact except where a listing states a smaller share than the rule: the offer page
shows the full estimate (``funding.estimate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from funding import Profile, free_rule_ids
from funding.schema import Rule
from index.search_query import SearchQuery


def query_for_profile(
    query: SearchQuery,
    profile: Profile | None,
    today: date,
    rules: Sequence[Rule] | None = None,
) -> SearchQuery:
    """``query`` with ``free_for_rules`` set for ``profile`` (unchanged without a profile:
    then "free for me" means free for everyone)."""
    if profile is None:
        return query
    data = query.model_dump()
    data["free_for_rules"] = free_rule_ids(profile, today, rules)
    return SearchQuery.model_validate(data)
