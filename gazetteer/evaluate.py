"""Score toponym resolution on a gold set: acc@161km, with gold spans and end to end.

Gold format (JSON lines): {"id", "text", "toponyms": [{"start", "end", "text", "lat", "lon",
"kind"}]}. With gold spans, each span is resolved in the context of its whole text; the
population baseline picks the most populous candidate (areas first) for the same spans.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.core import Gazetteer
from gazetteer.distance import haversine_km

KM = 161.0


def _hit(place, lat: float, lon: float) -> bool:
    """Within 161 km of the truth, or (for an area) the area's polygon contains the truth."""
    if place is None:
        return False
    if haversine_km(place.lat, place.lon, lat, lon) <= KM:
        return True
    if place.is_area and place.bbox:
        minx, miny, maxx, maxy = place.bbox
        if minx <= lon <= maxx and miny <= lat <= maxy:
            from shapely import Point

            return bool(place.geometry.covers(Point(lon, lat)))
    return False


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    baseline: int = 0
    found: int = 0  # end to end: gold toponyms found by the detector with the right span
    found_correct: int = 0  # end to end: found with the right span and resolved right
    predicted: int = 0  # end to end: toponyms the detector returned (non-adjectival)
    misses: list[str] = field(default_factory=list)
    by_region: Counter = field(default_factory=Counter)
    by_region_total: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "toponyms": self.total,
            "acc@161km": round(self.correct / max(self.total, 1), 4),
            "population_baseline_acc@161km": round(self.baseline / max(self.total, 1), 4),
            "detection_recall": round(self.found / max(self.total, 1), 4),
            "detection_precision": round(self.found / max(self.predicted, 1), 4),
            "end_to_end_acc@161km": round(self.found_correct / max(self.total, 1), 4),
            "by_region": {r: round(self.by_region[r] / n, 3)
                          for r, n in sorted(self.by_region_total.items())},
        }


def _baseline(gz: Gazetteer, surface: str):
    candidates = gz.lookup(surface, limit=40, fuzzy=False)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c.place.kind == "country", c.place.population)).place


def evaluate(path: str | Path, gz: Gazetteer | None = None, fast: bool = False) -> Score:
    """Score ``gz`` on a gold file. With ``fast``, score ``Gazetteer.parse_fast``, which
    takes no spans: a gold toponym it does not find with the right span counts as wrong."""
    gz = gz or Gazetteer.default()
    docs = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    fast_rows = gz.parse_fast([doc["text"] for doc in docs]) if fast else None
    score = Score()
    for i, doc in enumerate(docs):
        gold = doc["toponyms"]
        if fast_rows is not None:
            rows = fast_rows[(fast_rows["doc"] == i) & ~fast_rows["adjectival"]]
            detected = {(s, e): gz.get(key) for s, e, key in
                        zip(rows["start"], rows["end"], rows["key"], strict=True)}
            resolved = [detected.get((g["start"], g["end"])) for g in gold]
        else:
            spans = [(t["start"], t["end"]) for t in gold]
            resolved = [t.place for t in gz.resolve(doc["text"], spans)]
            detected = {(t.start, t.end): t.place for t in gz.resolve(doc["text"])
                        if not t.adjectival}
        score.predicted += len(detected)
        region = doc.get("region", "?")
        for g, place in zip(gold, resolved, strict=True):
            score.total += 1
            score.by_region_total[region] += 1
            span = (g["start"], g["end"])
            score.found += span in detected
            score.found_correct += span in detected and _hit(detected[span], g["lat"], g["lon"])
            if _hit(place, g["lat"], g["lon"]):
                score.correct += 1
                score.by_region[region] += 1
            else:
                got = f"{place.name} ({place.country_code}, {place.kind})" if place \
                    else "unresolved"
                score.misses.append(f"{doc['id']}: {g['text']!r} → {got}")
            if _hit(_baseline(gz, g["text"]), g["lat"], g["lon"]):
                score.baseline += 1
    return score


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default="tests/data/geoparse_gold.jsonl")
    parser.add_argument("--misses", action="store_true", help="list the wrong resolutions")
    parser.add_argument("--fast", action="store_true",
                        help="score the corpus-speed parser (Gazetteer.parse_fast)")
    args = parser.parse_args()
    score = evaluate(args.gold, fast=args.fast)
    print(json.dumps(score.as_dict(), indent=1))
    if args.misses:
        print("\n".join(score.misses))


if __name__ == "__main__":
    main()
