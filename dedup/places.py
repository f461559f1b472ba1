"""Where a run takes place, as matching compares it: a postcode or a municipality's name (Dutch
or French) both name the municipality (``3001 Heverlee`` and ``Leuven`` are one place), and a
street address is folded to its street and number. The municipalities come from
``dedup/data/municipalities.json`` (built from the index's place list by
``scripts/build_dedup_places.py``), read once per process; a municipality merged in 2019 or
2025 is found by its former name too (``MERGED``: 'Merelbeke' is Merelbeke-Melle)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from core.analysis import fold_words as fold

__all__ = ["fold", "is_municipality", "municipality_key", "street_key"]

_NUMBER = re.compile(r"\d+")
# municipalities merged on 1 January 2019 and 1 January 2025 (Statbel REFNIS): a listing may
# still name the former municipality ('Merelbeke', 'Ham', 'Kortessem'); the postcodes already
# lead to the new one. Former name -> the municipality's Dutch name in municipalities.json.
MERGED = {
    # 2025
    "Beveren": "Beveren-Kruibeke-Zwijndrecht",
    "Kruibeke": "Beveren-Kruibeke-Zwijndrecht",
    "Zwijndrecht": "Beveren-Kruibeke-Zwijndrecht",
    "Bilzen": "Bilzen-Hoeselt",
    "Hoeselt": "Bilzen-Hoeselt",
    "Borgloon": "Tongeren-Borgloon",
    "Tongeren": "Tongeren-Borgloon",
    "De Pinte": "Nazareth-De Pinte",
    "Nazareth": "Nazareth-De Pinte",
    "Galmaarden": "Pajottegem",
    "Gooik": "Pajottegem",
    "Herne": "Pajottegem",
    "Ham": "Tessenderlo-Ham",
    "Tessenderlo": "Tessenderlo-Ham",
    "Kortessem": "Hasselt",
    "Wachtebeke": "Lochristi",
    "Moerbeke": "Lokeren",
    "Melle": "Merelbeke-Melle",
    "Merelbeke": "Merelbeke-Melle",
    "Meulebeke": "Tielt",
    "Ruiselede": "Wingene",
    "Bertogne": "Bastogne",
    # 2019
    "Knesselare": "Aalter",
    "Nevele": "Deinze",
    "Kruishoutem": "Kruisem",
    "Zingem": "Kruisem",
    "Lovendegem": "Lievegem",
    "Waarschoot": "Lievegem",
    "Zomergem": "Lievegem",
    "Meeuwen-Gruitrode": "Oudsbergen",
    "Opglabbeek": "Oudsbergen",
    "Neerpelt": "Pelt",
    "Overpelt": "Pelt",
    "Puurs": "Puurs-Sint-Amands",
    "Sint-Amands": "Puurs-Sint-Amands",
}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(postcode -> municipality key, folded name -> municipality key); the key is the folded
    Dutch name."""
    rows = json.loads(
        resources.files("dedup").joinpath("data/municipalities.json").read_text("utf-8")
    )
    postcodes: dict[str, str] = {}
    names: dict[str, str] = {}
    for nl, fr, codes in rows:
        key = fold(nl)
        names[key] = key
        names.setdefault(fold(fr), key)
        for code in codes:
            postcodes.setdefault(code, key)
    for former, merged in MERGED.items():  # a current name always wins ('Tielt', 'Hasselt')
        if fold(merged) in names:
            names.setdefault(fold(former), fold(merged))
    return postcodes, names


def municipality_key(postcode: str | None, municipality: str | None) -> str | None:
    """The municipality a place lies in: by postcode first, else by a known name, else the
    folded name as written (a part of a municipality the list does not know)."""
    postcodes, names = _tables()
    if postcode and postcode in postcodes:
        return postcodes[postcode]
    if municipality:
        name = fold(municipality)
        return names.get(name, name) or None
    return None


def is_municipality(word: str) -> bool:
    """A folded word that is a Belgian municipality's name ('gent', 'kortrijk', 'anvers')."""
    return word in _tables()[1]


def street_key(address: str | None) -> str | None:
    """'Spoorwegstraat 14, 8200 Brugge' -> 'spoorwegstraat 14': the street's words and the
    house number, without postcode or town; None without a number (a campus name alone)."""
    if not address:
        return None
    first = fold(address.split(",")[0])
    numbers = _NUMBER.findall(first)
    if not numbers:
        return first or None
    words = [w for w in first.split() if not w.isdigit()]
    return " ".join([*words, numbers[0]])
