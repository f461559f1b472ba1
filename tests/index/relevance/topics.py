"""Realistic course offers across the sectors of the Flemish training funds, by topic.

Each topic holds titles and descriptions written as providers write them (Syntra, VDAB, CVO's,
sector funds: Constructiv, Educam, Alimento, Cevora, Co-valent, Volont, Horeca Vlaanderen,
Logos, Fonds 200...). The catalogue (``catalogue.py``) crosses them with providers, places and
delivery modes; a topic is what the judgements (``judgements.py``) grade against.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    key: str
    titles: tuple[str, ...]
    description: str
    providers: tuple[str, ...]
    language: str = "nl"


def _t(key: str, titles: list[str], description: str, providers: list[str], lang: str = "nl"):
    return Topic(key, tuple(titles), description, tuple(providers), lang)


TOPICS: tuple[Topic, ...] = (
    _t(
        "lassen",
        [
            "Lasser MIG/MAG",
            "Lassen voor beginners",
            "TIG-lassen roestvrij staal",
            "Booglassen met beklede elektrode",
            "Lasopleiding: halfautomatisch lassen",
            "Pijplassen in alle posities",
        ],
        "Je leert lassen volgens de geldende normen: lasnaden voorbereiden, het lasapparaat "
        "instellen en stompe en hoeknaden lassen. Na de opleiding leg je een lasproef af.",
        ["VDAB", "Syntra West", "CVO Technicum", "Co-valent"],
    ),
    _t(
        "heftruck",
        [
            "Heftruck: veilig rijden (met attest)",
            "Vorkheftruckchauffeur",
            "Heftruckattest - basisopleiding",
            "Heftruck opfrissing voor ervaren chauffeurs",
        ],
        "Praktijkgerichte opleiding tot heftruckbestuurder: laden en lossen, stapelen, "
        "veiligheidsvoorschriften en dagelijks onderhoud van de vorkheftruck.",
        ["VDAB", "Logos", "Educam", "Volvo Truck Training"],
    ),
    _t(
        "reachtruck",
        ["Reachtruck besturen", "Reachtruckcursus met attest", "Magazijntruck en reachtruck"],
        "Je leert veilig werken met een reachtruck in een hoogbouwmagazijn: paletten "
        "uithalen en wegzetten op hoogte.",
        ["VDAB", "Logos"],
    ),
    _t(
        "vrachtwagen",
        [
            "Vrachtwagenchauffeur rijbewijs C",
            "Code 95 nascholing vrachtwagenchauffeurs",
            "Rijbewijs CE: truck met aanhangwagen",
        ],
        "Opleiding tot chauffeur zwaar vervoer: theorie en praktijk rijbewijs C en CE, "
        "vakbekwaamheid en tachograaf.",
        ["VDAB", "Educam", "Fonds Sociaal Transport"],
    ),
    _t(
        "magazijn",
        [
            "Magazijnmedewerker",
            "Orderpicker in een logistiek centrum",
            "Voorraadbeheer in het magazijn",
        ],
        "Je leert goederen ontvangen, orderpicken met een handscanner, voorraad tellen en "
        "zendingen klaarmaken in een logistiek centrum.",
        ["VDAB", "Logos"],
    ),
    _t(
        "vca",
        [
            "VCA basisveiligheid (B-VCA)",
            "VOL-VCA voor leidinggevenden",
            "Veiligheid op de werkplek: VCA-examen",
        ],
        "Voorbereiding op het VCA-examen: wetgeving, gevaarlijke stoffen, persoonlijke "
        "beschermingsmiddelen en veilig werken op de bouwplaats.",
        ["Constructiv", "VDAB", "Co-valent", "Syntra Limburg"],
    ),
    _t(
        "ehbo",
        ["EHBO basiscursus", "Eerste hulp op het werk", "Reanimatie en AED"],
        "Je leert eerste hulp bieden bij ongevallen op het werk: reanimeren, een AED "
        "gebruiken, wonden verzorgen en de hulpdiensten verwittigen.",
        ["Rode Kruis Vlaanderen", "Syntra Midden-Vlaanderen", "Cevora"],
    ),
    _t(
        "metselen",
        ["Metselen voor beginners", "Metselaar", "Gevelmetselwerk en voegwerk"],
        "Je leert metselen: mortel aanmaken, een muur uitzetten, in verband metselen en "
        "voegen. Praktijk op de werf.",
        ["VDAB", "Constructiv", "Syntra Antwerpen en Vlaams-Brabant"],
    ),
    _t(
        "tegelzetten",
        ["Tegelzetter", "Vloeren en wanden betegelen", "Tegels zetten voor doe-het-zelvers"],
        "Ondergrond voorbereiden, tegels snijden, lijmen en voegen van vloer- en wandtegels.",
        ["VDAB", "Constructiv", "Syntra West"],
    ),
    _t(
        "dakwerken",
        ["Dakwerker", "Hellende daken: pannen en leien", "Platte daken: roofing en EPDM"],
        "Je leert daken plaatsen en herstellen, veilig werken op hoogte en waterdicht "
        "afwerken met roofing of EPDM.",
        ["Constructiv", "VDAB"],
    ),
    _t(
        "schilderen",
        ["Schilder-decorateur", "Binnenschilderwerk", "Behangen en schilderen"],
        "Voorbereiden van ondergronden, plamuren, schilderen met borstel en rol, behangen.",
        ["VDAB", "Syntra AB", "CVO Creo"],
    ),
    _t(
        "elektriciteit",
        [
            "Residentieel elektricien",
            "Elektrische installaties volgens het AREI",
            "BA4/BA5: elektrische veiligheid",
            "Domotica-installateur",
        ],
        "Je leert elektrische installaties plaatsen en keuren volgens het AREI: schema's "
        "lezen, bekabelen, zekeringkasten aansluiten en metingen uitvoeren.",
        ["VDAB", "Volta", "Syntra Limburg"],
    ),
    _t(
        "zonnepanelen",
        [
            "Installateur zonnepanelen",
            "Zonnepanelen plaatsen en onderhouden",
            "Fotovoltaïsche systemen (PV-installaties)",
        ],
        "Je leert fotovoltaïsche panelen plaatsen, omvormers aansluiten en een "
        "PV-installatie in dienst stellen en onderhouden.",
        ["Volta", "VDAB", "Syntra West"],
    ),
    _t(
        "warmtepomp",
        ["Warmtepompen installeren", "Installateur warmtepompen", "Duurzame verwarming"],
        "Werking, dimensionering en installatie van lucht-water- en bodem-water-warmtepompen.",
        ["Volta", "Syntra AB", "VDAB"],
    ),
    _t(
        "loodgieter",
        [
            "Sanitair installateur",
            "Loodgieterij: leidingen en afvoer",
            "Centrale verwarming installateur",
        ],
        "Je leert sanitaire installaties plaatsen: koper en kunststof leidingen, afvoer, "
        "toestellen aansluiten en verwarmingsketels.",
        ["VDAB", "Syntra Midden-Vlaanderen", "Constructiv"],
    ),
    _t(
        "airco",
        ["Koeltechnicus", "Airco en koeltechniek: F-gassen attest", "Koelinstallaties onderhouden"],
        "Je leert koelinstallaties en airco's plaatsen en onderhouden met het vereiste "
        "F-gassencertificaat.",
        ["VDAB", "Syntra West", "Co-valent"],
    ),
    _t(
        "automechanica",
        [
            "Automecanicien",
            "Onderhoudsmecanicien personenwagens",
            "Diagnose van elektrische en hybride voertuigen",
        ],
        "Onderhoud en herstelling van personenwagens: motor, remmen, ophanging en "
        "diagnose met het uitleestoestel.",
        ["Educam", "VDAB", "Syntra AB"],
    ),
    _t(
        "plc",
        [
            "PLC-programmeren Siemens S7",
            "Industriële automatisering met PLC",
            "Onderhoudstechnicus industrie",
        ],
        "Je leert PLC's programmeren en storingen opsporen in geautomatiseerde productielijnen.",
        ["VDAB", "Co-valent", "Syntra Limburg"],
    ),
    _t(
        "cnc",
        ["CNC-operator", "CNC-draaien en frezen", "Verspanen: draaien en frezen"],
        "Je leert werkstukken draaien en frezen op conventionele en CNC-machines, "
        "technische tekeningen lezen en meten.",
        ["VDAB", "Agoria", "Syntra West"],
    ),
    _t(
        "kok",
        ["Kok", "Hulpkok", "Keukenmedewerker in een grootkeuken", "Kookcursus: Italiaanse keuken"],
        "Je leert koken in een professionele keuken: mise-en-place, basistechnieken, "
        "sauzen, vlees en vis bereiden en hygiëne (HACCP).",
        ["Horeca Vlaanderen", "Syntra Midden-Vlaanderen", "VDAB", "CVO Vitant"],
    ),
    _t(
        "bakker",
        ["Bakker", "Brood en banket", "Patissier: taarten en gebak"],
        "Je leert brood bakken, deeg bereiden en patisserie maken in een ambachtelijke bakkerij.",
        ["Syntra AB", "Alimento", "CVO Vitant"],
    ),
    _t(
        "slager",
        ["Slager-spekslager", "Vleesbereidingen en charcuterie"],
        "Uitbenen, versnijden en vleesbereidingen maken volgens de hygiëneregels.",
        ["Syntra West", "Alimento"],
    ),
    _t(
        "haccp",
        [
            "Voedselveiligheid en HACCP",
            "Hygiëne in de voedingsindustrie",
            "Autocontrole in de horeca",
        ],
        "Je leert de regels van voedselveiligheid: HACCP, autocontrole, allergenen en "
        "persoonlijke hygiëne.",
        ["Alimento", "Horeca Vlaanderen", "Syntra Limburg"],
    ),
    _t(
        "barista",
        ["Barista", "Kelner - zaalmedewerker", "Bar en wijnkennis"],
        "Koffie bereiden, gasten bedienen aan tafel en aan de bar, wijnen kennen en adviseren.",
        ["Horeca Vlaanderen", "Syntra AB", "VDAB"],
    ),
    _t(
        "zorgkundige",
        ["Zorgkundige", "Verzorgende-zorgkundige", "Logistiek assistent in het ziekenhuis"],
        "Je leert zorg verlenen aan zorgbehoevenden: hygiënische zorg, tillen en "
        "verplaatsen, parameters meten en rapporteren in een zorgteam.",
        ["CVO VIVO", "VDAB", "Fe.Bi"],
    ),
    _t(
        "verpleegkunde",
        ["Verpleegkunde (HBO5)", "Bijscholing wondzorg voor verpleegkundigen", "Palliatieve zorg"],
        "Opleiding en bijscholing voor verpleegkundigen: medicatie, wondzorg, klinisch "
        "redeneren en palliatieve zorg.",
        ["HBO5 Verpleegkunde", "Fe.Bi", "Wit-Gele Kruis"],
    ),
    _t(
        "kinderbegeleiding",
        ["Kinderbegeleider baby's en peuters", "Begeleider in de buitenschoolse kinderopvang"],
        "Je leert kinderen begeleiden in de kinderopvang: verzorging, spel, ontwikkeling "
        "en contact met ouders.",
        ["CVO VIVO", "Syntra Midden-Vlaanderen", "VDAB"],
    ),
    _t(
        "schoonmaak",
        ["Schoonmaker", "Professioneel schoonmaken", "Glazenwasser"],
        "Professionele schoonmaaktechnieken, producten en machines, ergonomisch werken.",
        ["VDAB", "Fonds voor Vorming Schoonmaak"],
    ),
    _t(
        "kapper",
        ["Kapper", "Kapsalon: knippen en kleuren", "Barbier"],
        "Je leert knippen, kleuren, brushen en klanten adviseren in het kapsalon.",
        ["Syntra AB", "Syntra West", "CVO Creo"],
    ),
    _t(
        "schoonheid",
        ["Schoonheidsspecialist", "Nagelstyliste", "Visagie en make-up"],
        "Gelaatsverzorging, manicure, make-up en huidkennis voor de schoonheidssalon.",
        ["Syntra Limburg", "CVO Creo"],
    ),
    _t(
        "boekhouding",
        [
            "Boekhouden voor beginners",
            "Praktische boekhouding voor KMO's",
            "Boekhoudkundig bediende",
            "Btw-aangifte en fiscaliteit",
        ],
        "Dubbel boekhouden, het minimumrekeningenstelsel, btw-aangifte en de jaarafsluiting "
        "voor kleine ondernemingen.",
        ["Cevora", "Syntra AB", "CVO Antwerpen", "UNIZO Academy"],
    ),
    _t(
        "excel",
        [
            "Excel voor beginners",
            "Excel gevorderd: draaitabellen en formules",
            "Werken met rekenbladen",
        ],
        "Je leert werken met Microsoft Excel: formules, grafieken, draaitabellen en "
        "gegevens analyseren.",
        ["Cevora", "CVO Antwerpen", "VDAB", "Syntra Midden-Vlaanderen"],
    ),
    _t(
        "office",
        ["Word en Outlook op kantoor", "Microsoft 365 en Teams", "Digitale basisvaardigheden"],
        "Tekstverwerking, e-mail, agenda en samenwerken in Microsoft 365.",
        ["Cevora", "CVO Antwerpen", "VDAB"],
    ),
    _t(
        "programmeren",
        [
            "Python voor beginners",
            "Webontwikkeling met JavaScript",
            "Java-ontwikkelaar",
            "Programmeren: de basis",
        ],
        "Je leert programmeren: variabelen, lussen, functies en objecten, en bouwt een "
        "eigen toepassing.",
        ["VDAB", "Syntra AB", "CVO Antwerpen", "BeCode"],
    ),
    _t(
        "data",
        ["Data-analyse met Power BI", "SQL en databanken", "Data analist"],
        "Gegevens ophalen met SQL, analyseren en visualiseren in dashboards met Power BI.",
        ["Cevora", "VDAB", "Syntra AB"],
    ),
    _t(
        "netwerk",
        ["Netwerkbeheerder", "Cisco CCNA", "Cybersecurity voor KMO's"],
        "Netwerken opzetten en beveiligen: routers, switches, firewalls en cyberveiligheid.",
        ["VDAB", "CVO Antwerpen", "Syntra West"],
    ),
    _t(
        "marketing",
        ["Digitale marketing", "Sociale media voor ondernemers", "Zoekmachineoptimalisatie (SEO)"],
        "Online marketing: sociale media, nieuwsbrieven, SEO en advertenties voor je zaak.",
        ["Syntra AB", "UNIZO Academy", "Cevora"],
    ),
    _t(
        "ondernemen",
        [
            "Bedrijfsbeheer",
            "Ondernemerschap: starten als zelfstandige",
            "Ondernemingsplan opstellen",
        ],
        "Het attest bedrijfsbeheer: een ondernemingsplan, financiën, recht en marketing "
        "voor wie een eigen zaak wil starten.",
        ["Syntra AB", "Syntra West", "Syntra Limburg", "UNIZO Academy"],
    ),
    _t(
        "leidinggeven",
        ["Leidinggeven aan een team", "Coachend leidinggeven", "Projectmanagement"],
        "Je leert een team aansturen, feedback geven, vergaderingen leiden en projecten plannen.",
        ["Cevora", "Vlerick", "Syntra AB"],
    ),
    _t(
        "nederlands",
        ["Nederlands tweede taal (NT2)", "Nederlands voor anderstaligen", "Zakelijk Nederlands"],
        "Nederlands leren spreken, lezen en schrijven voor anderstaligen, van beginner "
        "tot gevorderd.",
        ["CVO Antwerpen", "Huis van het Nederlands", "VDAB"],
    ),
    _t(
        "frans",
        ["Frans voor beginners", "Zakelijk Frans", "Frans op de werkvloer"],
        "Frans spreken en schrijven in het dagelijks leven en op het werk.",
        ["CVO Antwerpen", "Cevora", "Syntra AB"],
    ),
    _t(
        "engels",
        ["Engels voor beginners", "Business English", "Engels op de werkvloer"],
        "Engels spreken, e-mails schrijven en vergaderen in het Engels.",
        ["CVO Antwerpen", "Cevora"],
    ),
    _t(
        "tuin",
        ["Tuinaanlegger", "Groenbeheer en snoeien", "Hovenier"],
        "Tuinen aanleggen en onderhouden: grondwerken, bestrating, beplanting en snoeitechnieken.",
        ["VDAB", "Syntra West", "Inverde"],
    ),
    _t(
        "verkoop",
        ["Winkelbediende", "Verkoper in de retail", "Kassamedewerker"],
        "Klanten ontvangen en adviseren, kassa bedienen, rekken aanvullen en etaleren.",
        ["VDAB", "Syntra AB", "Comeos"],
    ),
    _t(
        "klantendienst",
        ["Callcentermedewerker", "Klantenservice: professioneel telefoneren", "Onthaalmedewerker"],
        "Klanten telefonisch en aan het onthaal te woord staan, klachten behandelen.",
        ["VDAB", "Cevora"],
    ),
    _t(
        "administratie",
        [
            "Administratief bediende",
            "Secretariaatsmedewerker",
            "Personeelsadministratie en loonberekening",
        ],
        "Administratie, correspondentie, archief en loonadministratie in een kantoor.",
        ["Cevora", "VDAB", "CVO Antwerpen"],
    ),
    _t(
        "fr_soudure",
        ["Soudeur MIG/MAG", "Soudage à l'arc pour débutants"],
        "Formation pratique de soudeur : préparation des pièces, réglage du poste et "
        "soudage dans toutes les positions.",
        ["Bruxelles Formation", "IFAPME"],
        "fr",
    ),
    _t(
        "fr_comptabilite",
        ["Comptabilité pour indépendants", "Tenue de livres et TVA"],
        "Apprenez la comptabilité de base et la déclaration TVA pour gérer votre activité.",
        ["Bruxelles Formation", "EFP"],
        "fr",
    ),
    _t(
        "en_project",
        ["Project management essentials", "Project planning and team leadership"],
        "A hands-on course in English: plan projects, lead a team and report progress.",
        ["BeCode", "Vlerick"],
        "en",
    ),
)

TOPIC_KEYS = frozenset(t.key for t in TOPICS)
