"""English cues for toponym finding and ranking. Other languages get a sibling module."""

from __future__ import annotations

#: Words next to a mention that say what kind of place it is → preferred kinds.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "province": ("admin1", "region"), "provinces": ("admin1", "region"),
    "regions": ("admin1", "region"), "states": ("admin1",), "oblasts": ("admin1",),
    "districts": ("region", "city", "admin1"), "counties": ("admin1", "city"),
    "prefectures": ("admin1",),
    "governorate": ("admin1",), "governorates": ("admin1",),
    "oblast": ("admin1",), "region": ("admin1", "region"), "state": ("admin1",),
    "prefecture": ("admin1",), "department": ("admin1",), "county": ("admin1", "city"),
    "district": ("region", "city", "admin1"), "enclave": ("region", "admin1"),
    "countryside": ("admin1", "city"), "canton": ("admin1",), "emirate": ("admin1",),
    "city": ("city",), "town": ("city",), "village": ("city",), "capital": ("city",),
    "suburb": ("city",), "neighbourhood": ("city",), "neighborhood": ("city",),
    "port": ("city", "site"), "camp": ("site", "city"),
    "highway": ("route",), "motorway": ("route",), "road": ("route",), "route": ("route",),
    "river": ("route",),
    "corridor": ("route", "region"), "railway": ("route",), "pipeline": ("route",),
    "sea": ("sea",), "gulf": ("sea",), "strait": ("sea",), "lake": ("sea",), "bay": ("sea",),
    "strip": ("region",), "heights": ("region",), "peninsula": ("region",), "zone": ("region",),
    # islands are regions (the islands pack), admin-1 units (Crete, Jeju) or sites (Snake
    # Island); a country is no island here, so "the island of Ireland" is the island
    "island": ("region", "admin1", "site"), "isle": ("region", "admin1", "site"),
    "islands": ("region", "admin1", "site"),
    "base": ("site",), "airbase": ("site",), "airport": ("site",), "crossing": ("site",),
    "dam": ("site",), "plant": ("site",),
    "country": ("country",), "republic": ("country",), "kingdom": ("country",),
}

#: Type words of islands: "the island of Ireland" is the island, not the state, but a
#: name ending in one ("the Marshall Islands") may be a country.
ISLAND_WORDS = frozenset({"island", "isle", "islands"})

#: Nouns of a river's parts: "the bank of the X", "the mouth of the X" name a river.
RIVER_PARTS = frozenset("bank banks riverbank mouth estuary delta".split())

#: Lower-case words allowed inside a multi-word name ("Sea of Azov", "Jisr al-Shughur",
#: "Dar es Salaam", "Bergen op Zoom").
CONNECTORS = frozenset(
    "of the al el ad ar as ash at az an de du des la le les da do dos das del della di "
    "y e and on upon sur am im bin ibn bou abu es ez ed er en op aan den van von zu".split()
)

#: Words that may stand before a name inside its capitalised chunk without making it another
#: name ("Northern Syria", "Greater Idlib", "In Idlib" at the start of a sentence).
MODIFIERS = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern greater upper "
    "lower inner outer occupied rural downtown".split()
)

#: Words before a mention that make a place reading likely ("in Afrin", "near Saraqib").
LOCATIVES = frozenset(
    "in at near outside around from to into towards toward across along via through "
    "between of inside within off on over by throughout".split()
)

#: Titles and honorifics: a capitalised chunk holding one of these names a person.
TITLES = frozenset(
    "president minister prime mr mrs ms dr sir gen general colonel col lt lieutenant "
    "commander sheikh king queen prince emir pope senator governor mayor secretary "
    "spokesman spokeswoman spokesperson ambassador chancellor envoy judge chief".split()
)

#: Words after a capitalised chunk that make it an organisation, not a place.
ORG_WORDS = frozenset(
    "university college hospital times post news agency party council ministry army "
    "company corp inc ltd group bank fc club airlines airways institute foundation "
    "committee front movement forces brigade brigades battalion command".split()
)

#: Lower-case words after a name that make it an armed group or organisation ("the Fano
#: militia", "the Sinaloa cartel"), not a location.
ACTOR_NOUNS = frozenset(
    "militia militias militiamen cartel cartels gang gangs rebels insurgents movement "
    "group groups faction factions brigade brigades battalion party".split()
)

#: Plural type words that distribute over coordinated names ("Idlib and Aleppo provinces").
PLURAL_TYPE_WORDS = frozenset(
    "provinces governorates regions states oblasts districts counties prefectures islands"
    .split()
)

#: Possessive suffixes stripped off a token ("Syria’s").
POSSESSIVES = ("'s", "’s", "'", "’")

#: Capitalised words that are never places on their own (months, weekdays, holidays).
NOT_PLACES = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday christmas easter ramadan eid god allah".split()
)

#: Abbreviations that open place names, written with a full stop ("St. Louis", "Mt. Hood").
NAME_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft", "Pt", "Pte"})
