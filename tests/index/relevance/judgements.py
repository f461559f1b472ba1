"""Graded judgements: what a searcher typing each query wants, as topics (``topics.py``).

Grade 2: what the query asks for; grade 1: related and useful. A place query (``place``)
grades the topic's offers in that municipality 2 and the same topic elsewhere 1. The same
queries are judged on both catalogues; on the demo a query whose topics have no offer has
nothing relevant and only counts in the "no relevant offers" line.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Judged:
    kind: str
    q: str
    grades: dict[str, int]
    place: str | None = None
    notes: str = field(default="", compare=False)


def _j(kind: str, rows: list[tuple]) -> list[Judged]:
    out = []
    for row in rows:
        q, grades = row[0], row[1]
        place = row[2] if len(row) > 2 else None
        out.append(Judged(kind, q, grades, place))
    return out


L, H, E, V, B = "lassen", "heftruck", "excel", "vca", "boekhouding"

PLAIN = _j(
    "plain",
    [
        ("lassen", {L: 2}),
        ("heftruck", {H: 2, "reachtruck": 1}),
        ("excel", {E: 2}),
        ("boekhouding", {B: 2}),
        ("kapper", {"kapper": 2}),
        ("zorgkundige", {"zorgkundige": 2}),
        ("programmeren", {"programmeren": 2}),
        ("digitale marketing", {"marketing": 2}),
        ("zonnepanelen", {"zonnepanelen": 2}),
        ("metselen", {"metselen": 2}),
        ("bakker", {"bakker": 2}),
        ("leidinggeven", {"leidinggeven": 2}),
    ],
)

INFLECTION = _j(
    "inflection",
    [
        ("lasser", {L: 2}),
        ("lassers", {L: 2}),
        ("heftrucks", {H: 2, "reachtruck": 1}),
        ("metselaars", {"metselen": 2}),
        ("boekhouder", {B: 2}),
        ("boekhouders", {B: 2}),
        ("zonnepaneel", {"zonnepanelen": 2}),
        ("kappers", {"kapper": 2}),
        ("bakkers", {"bakker": 2}),
        ("koks", {"kok": 2}),
        ("tegels", {"tegelzetten": 2}),
        ("daken", {"dakwerken": 2}),
        ("warmtepomp", {"warmtepomp": 2}),
        ("schilders", {"schilderen": 2}),
        ("verpleegkundigen", {"verpleegkunde": 2}),
        ("vrachtwagens", {"vrachtwagen": 2}),
        ("tuinen", {"tuin": 2}),
        ("draaitabel", {E: 2}),
        ("zorgkundigen", {"zorgkundige": 2}),
        ("lasopleidingen", {L: 2}),
    ],
)

COMPOUND = _j(
    "compound",
    [
        ("lasopleiding", {L: 2}),
        ("excelcursus", {E: 2}),
        ("kookcursus", {"kok": 2}),
        ("heftruckcursus", {H: 2, "reachtruck": 1}),
        ("heftruckattest", {H: 2}),
        ("boekhoudcursus", {B: 2}),
        ("zonnepanelencursus", {"zonnepanelen": 2}),
        ("kappersopleiding", {"kapper": 2}),
        ("bakkersopleiding", {"bakker": 2}),
        ("ehbo-cursus", {"ehbo": 2}),
        ("pythoncursus", {"programmeren": 2, "data": 1}),
        ("franscursus", {"frans": 2}),
        ("metselcursus", {"metselen": 2}),
        ("tuinaanleg", {"tuin": 2}),
        ("verkoopsopleiding", {"verkoop": 2}),
        ("warmtepompinstallateur", {"warmtepomp": 2}),
        ("lascursus", {L: 2}),
        ("schildercursus", {"schilderen": 2}),
        ("reachtruckopleiding", {"reachtruck": 2, H: 1}),
        ("dakwerkersopleiding", {"dakwerken": 2}),
    ],
)

ABBREVIATION = _j(
    "abbreviation",
    [
        ("vca", {V: 2}),
        ("b-vca", {V: 2}),
        ("vol-vca", {V: 2}),
        ("ehbo", {"ehbo": 2}),
        ("aed", {"ehbo": 2}),
        ("haccp", {"haccp": 2}),
        ("arei", {"elektriciteit": 2}),
        ("ba4", {"elektriciteit": 2}),
        ("plc", {"plc": 2}),
        ("cnc", {"cnc": 2}),
        ("nt2", {"nederlands": 2}),
        ("seo", {"marketing": 2}),
        ("sql", {"data": 2}),
        ("ccna", {"netwerk": 2}),
        ("pv-installatie", {"zonnepanelen": 2}),
        ("btw", {B: 2}),
        ("epdm", {"dakwerken": 2}),
        ("code 95", {"vrachtwagen": 2}),
        ("f-gassen", {"airco": 2}),
        ("kmo boekhouding", {B: 2}),
    ],
)

TYPO = _j(
    "typo",
    [
        ("exel", {E: 2}),
        ("excell", {E: 2}),
        ("boekhoudng", {B: 2}),
        ("heftrcuk", {H: 2, "reachtruck": 1}),
        ("metslen", {"metselen": 2}),
        ("zonnepanneel", {"zonnepanelen": 2}),
        ("programeren", {"programmeren": 2}),
        ("elektrisiteit", {"elektriciteit": 2}),
        ("marketting", {"marketing": 2}),
        ("vrachtwagenchaufeur", {"vrachtwagen": 2}),
        ("tegelzeter", {"tegelzetten": 2}),
        ("pyhton", {"programmeren": 2, "data": 1}),
        ("loodgietr", {"loodgieter": 2}),
        ("nederlans", {"nederlands": 2}),
        ("verpleegkunda", {"verpleegkunde": 2}),
        ("magazijnmedewerkr", {"magazijn": 2}),
        ("kapr", {"kapper": 2}),
        ("warmtepmp", {"warmtepomp": 2}),
        ("zorgkundiege", {"zorgkundige": 2}),
        ("schoonheidspecialist", {"schoonheid": 2}),
    ],
)

SYNONYM = _j(
    "synonym",
    [
        ("vorming boekhouding", {B: 2}),
        ("vorkheftruck", {H: 2, "reachtruck": 1}),
        ("clark", {H: 2, "reachtruck": 1}),
        ("rekenblad", {E: 2}),
        ("spreadsheet", {E: 2}),
        ("sanitair", {"loodgieter": 2}),
        ("loodgieter", {"loodgieter": 2}),
        ("camionchauffeur", {"vrachtwagen": 2}),
        ("poetsen", {"schoonmaak": 2}),
        ("kuisen", {"schoonmaak": 2}),
        ("eerste hulp", {"ehbo": 2}),
        ("coiffeur", {"kapper": 2}),
        ("hovenier", {"tuin": 2}),
        ("tuinman", {"tuin": 2}),
        ("garagist", {"automechanica": 2}),
        ("mecanicien", {"automechanica": 2}),
        ("onthaalmoeder", {"kinderbegeleiding": 2}),
        ("secretaresse", {"administratie": 2}),
        ("coderen", {"programmeren": 2}),
        ("kassier", {"verkoop": 2}),
        ("dakdekker", {"dakwerken": 2}),
        ("elektrieker", {"elektriciteit": 2}),
        ("opleiding pc", {"office": 2, E: 1}),
    ],
)

OCCUPATION = _j(
    "occupation",
    [
        ("lasser worden", {L: 2}),
        ("ik wil kok worden", {"kok": 2}),
        (
            "ik wil in de zorg werken",
            {"zorgkundige": 2, "verpleegkunde": 2, "kinderbegeleiding": 1},
        ),
        ("kapper worden", {"kapper": 2}),
        ("boekhouder worden", {B: 2}),
        ("vrachtwagenchauffeur worden", {"vrachtwagen": 2}),
        ("elektricien worden", {"elektriciteit": 2}),
        ("metselaar", {"metselen": 2}),
        ("heftruckchauffeur worden", {H: 2, "reachtruck": 1}),
        ("werken in de bouw", {"metselen": 2, "tegelzetten": 2, "dakwerken": 2, V: 1}),
        ("werken in de horeca", {"kok": 2, "barista": 2, "haccp": 1}),
        ("job in de logistiek", {"magazijn": 2, H: 2, "reachtruck": 2, "vrachtwagen": 2}),
        ("programmeur worden", {"programmeren": 2}),
        ("zelfstandige worden", {"ondernemen": 2}),
        ("eigen zaak starten", {"ondernemen": 2}),
        ("ik wil bakker worden", {"bakker": 2}),
        ("verpleegkundige worden", {"verpleegkunde": 2}),
        ("schoonheidsspecialiste worden", {"schoonheid": 2}),
        ("werken met kinderen", {"kinderbegeleiding": 2}),
        ("werken in een magazijn", {"magazijn": 2, H: 1, "reachtruck": 1}),
        ("leidinggevende worden", {"leidinggeven": 2}),
        ("tegelzetter worden", {"tegelzetten": 2}),
    ],
)

PLACE = _j(
    "place",
    [
        ("lassen gent", {L: 2}, "Gent"),
        ("boekhouding antwerpen", {B: 2}, "Antwerpen"),
        ("kok brugge", {"kok": 2}, "Brugge"),
        ("heftruck in hasselt", {H: 2}, "Hasselt"),
        ("excel leuven", {E: 2}, "Leuven"),
        ("kapper kortrijk", {"kapper": 2}, "Kortrijk"),
        ("zorgkundige mechelen", {"zorgkundige": 2}, "Mechelen"),
        ("metselen aalst", {"metselen": 2}, "Aalst"),
        ("nederlands leren in genk", {"nederlands": 2}, "Genk"),
        ("programmeren turnhout", {"programmeren": 2}, "Turnhout"),
        ("vca sint-niklaas", {V: 2}, "Sint-Niklaas"),
        ("tegelzetter brussel", {"tegelzetten": 2}, "Brussel"),
        ("engels gent", {"engels": 2}, "Gent"),
        ("ehbo antwerpen", {"ehbo": 2}, "Antwerpen"),
        ("bakker leuven", {"bakker": 2}, "Leuven"),
        ("elektricien hasselt", {"elektriciteit": 2}, "Hasselt"),
        ("zonnepanelen brugge", {"zonnepanelen": 2}, "Brugge"),
        ("marketing mechelen", {"marketing": 2}, "Mechelen"),
    ],
)

ENGLISH = _j(
    "english",
    [
        ("welding", {L: 2, "fr_soudure": 2}),
        ("forklift", {H: 2, "reachtruck": 1}),
        ("forklift license", {H: 2}),
        ("bookkeeping", {B: 2, "fr_comptabilite": 2}),
        ("accounting", {B: 2, "fr_comptabilite": 2}),
        ("cooking course", {"kok": 2}),
        ("hairdresser", {"kapper": 2}),
        ("baker", {"bakker": 2}),
        ("nursing", {"verpleegkunde": 2, "zorgkundige": 1}),
        ("first aid", {"ehbo": 2}),
        ("programming", {"programmeren": 2}),
        ("learn dutch", {"nederlands": 2}),
        ("solar panels", {"zonnepanelen": 2}),
        ("heat pump", {"warmtepomp": 2}),
        ("electrician", {"elektriciteit": 2}),
        ("truck driver", {"vrachtwagen": 2}),
        ("project management", {"leidinggeven": 2, "en_project": 2}),
        ("food safety", {"haccp": 2}),
        ("plumber", {"loodgieter": 2}),
        ("bricklaying", {"metselen": 2}),
        ("childcare", {"kinderbegeleiding": 2}),
        ("cleaning", {"schoonmaak": 2}),
        ("customer service", {"klantendienst": 2}),
    ],
)

FRENCH = _j(
    "french",
    [
        ("soudure", {L: 2, "fr_soudure": 2}),
        ("soudeur", {L: 2, "fr_soudure": 2}),
        ("chariot élévateur", {H: 2, "reachtruck": 1}),
        ("comptabilité", {B: 2, "fr_comptabilite": 2}),
        ("cuisinier", {"kok": 2}),
        ("coiffure", {"kapper": 2}),
        ("boulanger", {"bakker": 2}),
        ("infirmier", {"verpleegkunde": 2}),
        ("premiers secours", {"ehbo": 2}),
        ("néerlandais", {"nederlands": 2}),
        ("panneaux solaires", {"zonnepanelen": 2}),
        ("électricien", {"elektriciteit": 2}),
        ("chauffeur poids lourd", {"vrachtwagen": 2}),
        ("maçon", {"metselen": 2}),
        ("sécurité alimentaire", {"haccp": 2}),
        ("pompe à chaleur", {"warmtepomp": 2}),
        ("programmation", {"programmeren": 2}),
        ("gestion de projet", {"leidinggeven": 2, "en_project": 2}),
        ("cours d'anglais", {"engels": 2}),
        ("nettoyage", {"schoonmaak": 2}),
        ("carreleur", {"tegelzetten": 2}),
        ("plombier", {"loodgieter": 2}),
    ],
)

QUERIES: tuple[Judged, ...] = (
    *PLAIN,
    *INFLECTION,
    *COMPOUND,
    *ABBREVIATION,
    *TYPO,
    *SYNONYM,
    *OCCUPATION,
    *PLACE,
    *ENGLISH,
    *FRENCH,
)
KINDS = tuple(dict.fromkeys(j.kind for j in QUERIES))
