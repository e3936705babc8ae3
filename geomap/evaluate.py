"""Score event extraction on a gold set: precision and recall of type + location.

A predicted event matches a gold event when the categories agree and the location agrees:
the predicted place lies within 25 km of the gold point, or its geometry (a province, a
route) passes within 25 km of it. Matching is one-to-one, greedy by distance.

Gold: ``articles/*.txt`` and ``gold.jsonl`` (one event per line: article, category, location
{lat, lon}) in one folder.

``--actors`` also scores actor1 and actor2 on the matched pairs: how often geomap's actor
agrees with the gold one. Names are compared without their country suffix and case
(``actor_key``): the gold's "Civilians (Ukraine)" and geomap's "Civilians (Ukraine)" or
"civilians" agree, so a wrong country guess for an unnamed actor is not counted here.
Both sides use plain state names ("Russia"), not ACLED's "Military Forces of Russia (2000-)".
A state is compared by the country the gazetteer resolves its name to: geomap names states
as the gazetteer does ("Democratic Republic of the Congo", Natural Earth's name), the gold
sets as ACLED's country column does ("Democratic Republic of Congo"); both are one country.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.distance import haversine_km
from geomap.records import Event

KM_PER_DEGREE = 111.32
RADIUS_KM = 25.0


def _distance_km(event: Event, lat: float, lon: float) -> float:
    """Distance from the event's place geometry to a point (0 inside an area)."""
    place = event.place
    if place is None:
        return math.inf
    if place.geometry_type == "Point":
        return haversine_km(lat, lon, place.lat, place.lon)
    from shapely import Point

    degrees = place.geometry.distance(Point(lon, lat))
    return degrees * KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.3)


@dataclass
class EventScore:
    gold: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    matched_gold: Counter = field(default_factory=Counter)
    matched_pred: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    def as_dict(self) -> dict[str, object]:
        g, p = sum(self.gold.values()), sum(self.predicted.values())
        mg, mp = sum(self.matched_gold.values()), sum(self.matched_pred.values())
        by_type = {
            c: {"gold": self.gold[c], "predicted": self.predicted[c],
                "recall": self._ratio(self.matched_gold[c], self.gold[c]),
                "precision": self._ratio(self.matched_pred[c], self.predicted[c])}
            for c in sorted(set(self.gold) | set(self.predicted))
        }
        return {"gold_events": g, "predicted_events": p, "recall": self._ratio(mg, g),
                "precision": self._ratio(mp, p), "by_type": by_type}


def actor_key(name: str | None, gazetteer=None) -> str:
    """An actor name as compared: without its " (Country)" suffix, lower case; "" for none.
    With a gazetteer, a country's name or other name is the country's gazetteer name."""
    if not name:
        return ""
    base = name.split(" (")[0].strip()
    if gazetteer is not None:
        countries = gazetteer.lookup(base, kinds=("country",), limit=1, fuzzy=False)
        base = countries[0].place.name if countries else base
    return base.lower()


@dataclass
class ActorScore:
    """Agreement of actor1 and actor2 on the events matched to gold (type + place)."""

    matched: int = 0
    agree: Counter[str] = field(default_factory=Counter)  # "actor1", "actor2" -> pairs
    mismatches: list[str] = field(default_factory=list)
    gazetteer: object = None  # names countries alike (actor_key); set by evaluate()

    def add(self, name: str, predicted: Event, gold: dict) -> None:
        self.matched += 1
        for side, ours in (("actor1", predicted.actor1), ("actor2", predicted.actor2)):
            theirs = gold.get(side)
            if actor_key(ours, self.gazetteer) == actor_key(theirs, self.gazetteer):
                self.agree[side] += 1
            else:
                self.mismatches.append(f"{name}: {gold['category']} {side} {ours!r}, gold"
                                       f" {theirs!r} — {predicted.sentence[:70]}")

    def as_dict(self) -> dict[str, object]:
        ratio = EventScore._ratio
        return {"matched_events": self.matched,
                "actor1": ratio(self.agree["actor1"], self.matched),
                "actor2": ratio(self.agree["actor2"], self.matched)}


def score_article(name: str, predicted: list[Event], gold: list[dict], score: EventScore,
                  actors: ActorScore | None = None) -> None:
    for g in gold:
        score.gold[g["category"]] += 1
    for e in predicted:
        score.predicted[e.category] += 1
    pairs = []
    for i, g in enumerate(gold):
        loc = g.get("location") or {}
        if loc.get("lat") is None:
            continue
        for j, e in enumerate(predicted):
            if e.category == g["category"]:
                d = _distance_km(e, loc["lat"], loc["lon"])
                if d <= RADIUS_KM:
                    pairs.append((d, i, j))
    used_g, used_p = set(), set()
    for _, i, j in sorted(pairs):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            score.matched_gold[gold[i]["category"]] += 1
            score.matched_pred[predicted[j].category] += 1
            if actors is not None:
                actors.add(name, predicted[j], gold[i])
    for i, g in enumerate(gold):
        if i not in used_g:
            score.misses.append(f"{name}: {g['category']} at {g['location'].get('name')}"
                                f" — {g.get('evidence', '')[:70]}")
    for j, e in enumerate(predicted):
        if j not in used_p:
            where = e.place.name if e.place else "no location"
            score.false_alarms.append(f"{name}: {e.category} at {where} — {e.sentence[:70]}")


def evaluate(folder: str | Path, gazetteer=None, actors: ActorScore | None = None) -> EventScore:
    """Score the extractor on a gold folder; with ``actors``, score actor agreement too."""
    from geomap.pipeline import process_article
    from geomap.text import read_article

    folder = Path(folder)
    if actors is not None and actors.gazetteer is None:
        from gazetteer import Gazetteer

        actors.gazetteer = gazetteer or Gazetteer.default()
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            gold[record["article"]].append(record)
    score = EventScore()
    for path in sorted((folder / "articles").glob("*.txt")):
        events, _ = process_article(read_article(path), gazetteer)
        score_article(path.name, events, gold.get(path.name, []), score, actors)
    return score


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="tests/data/events_gold")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--actors", action="store_true",
                        help="score actor1/actor2 agreement on the matched events"
                             " (with --errors, list the disagreements)")
    args = parser.parse_args()
    actors = ActorScore() if args.actors else None
    score = evaluate(args.folder, actors=actors)
    print(json.dumps(score.as_dict(), indent=1))
    if args.errors:
        print("MISSES\n" + "\n".join(score.misses))
        print("FALSE ALARMS\n" + "\n".join(score.false_alarms))
    if actors is not None:
        print(json.dumps({"actors": actors.as_dict()}, indent=1))
        if args.errors:
            print("ACTOR MISMATCHES\n" + "\n".join(actors.mismatches))


if __name__ == "__main__":
    main()
