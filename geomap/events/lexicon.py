"""Loading the extractor's lexicons (YAML data files) and compiling their phrases.

Lexicons live in ``geomap/lexicons/<lang>.<part>.yaml`` (parts: text, triggers,
cues, actors, numbers, dates). Users extend them with extra directories holding
files of the same names, given as ``extra_dirs`` or in the ``GEOMAP_LEXICONS``
environment variable (paths separated by ``os.pathsep``). Extra files are merged
into the defaults: lists are appended, mappings merged key by key. The actors'
``inter_codes`` (ACLED actor types) are checked on loading: a bad one is a one-line
ValueError naming the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from geomap.events.inter import alpha2

PARTS = ("text", "triggers", "cues", "actors", "numbers", "dates")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The parsed lexicon files for one language."""

    lang: str
    text: dict[str, Any] = field(default_factory=dict)
    triggers: dict[str, Any] = field(default_factory=dict)
    cues: dict[str, Any] = field(default_factory=dict)
    actors: dict[str, Any] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    dates: dict[str, Any] = field(default_factory=dict)

    def cue(self, key: str) -> list[str]:
        """A list from the cues file ([] when absent)."""
        return list(self.cues.get(key) or [])


def merge(base: Any, extra: Any) -> Any:
    """Merge ``extra`` into ``base``: lists appended, mappings merged recursively."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [x for x in extra if x not in base]
    return extra


class _Loader(yaml.SafeLoader):
    """YAML 1.2-style booleans: only true/false, so words like on/no/off stay strings."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _ch in "tTfF":
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_ch]
    )


def _read(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a lexicon file must hold a mapping")
    return data


def _dirs(extra_dirs: tuple[str, ...]) -> list[Path]:
    env = os.environ.get("GEOMAP_LEXICONS", "")
    return [Path(d) for d in (*extra_dirs, *env.split(os.pathsep)) if d]


#: ACLED actor types ("inter" codes) an actors lexicon may give in ``inter_codes``.
INTER_CODES = range(1, 9)


def _check_inter_codes(path: Path, actors: dict[str, Any]) -> None:
    """ValueError (one line, naming the file) unless ``inter_codes`` and
    ``inter_head_codes`` map names (head words) to 1-8."""
    for key in ("inter_codes", "inter_head_codes"):
        codes = actors.get(key)
        if codes is None:
            continue
        if not isinstance(codes, dict):
            raise ValueError(f"{path}: {key} must map actor names to ACLED inter codes 1-8")
        for name, code in codes.items():
            if isinstance(code, bool) or not isinstance(code, int) or code not in INTER_CODES:
                raise ValueError(
                    f"{path}: {key}: {name!r} has {code!r}, not an ACLED inter code 1-8"
                )


def _check_inter_names(lang: str, actors: dict[str, Any]) -> None:
    """ValueError (one line) when ``inter_codes`` names an actor the lexicon does not list."""
    known = {str(k) for key in ("states", "groups", "generic") for k in actors.get(key) or {}}
    for name in actors.get("inter_codes") or {}:
        if str(name) not in known:
            raise ValueError(
                f"{lang}.actors.yaml (bundled and GEOMAP_LEXICONS files merged): inter_codes: "
                f"{name!r} is not a state, group or generic actor of the lexicon"
            )
    de_facto = actors.get("de_facto_states") or {}
    if not isinstance(de_facto, dict):
        raise ValueError(f"{lang}.actors.yaml: de_facto_states must map groups to states")
    states = {str(k) for k in actors.get("states") or {}}
    for group, state in de_facto.items():
        if str(group) not in known or not isinstance(state, str) or (
                state not in states and alpha2(state) is None):
            raise ValueError(
                f"{lang}.actors.yaml (bundled and GEOMAP_LEXICONS files merged): "
                f"de_facto_states: {group!r}: {state!r} must map a listed group to a state name"
            )


@lru_cache(maxsize=16)
def _load(lang: str, extra_dirs: tuple[str, ...], env: str) -> Lexicon:
    base = resources.files("geomap").joinpath("lexicons")
    parts: dict[str, dict[str, Any]] = {}
    for part in PARTS:
        name = f"{lang}.{part}.yaml"
        res = base.joinpath(name)
        paths = [Path(str(res))] if res.is_file() else []
        paths += [d / name for d in _dirs(extra_dirs) if (d / name).is_file()]
        data: dict[str, Any] = {}
        for path in paths:
            extra = _read(path)
            if part == "actors":
                _check_inter_codes(path, extra)
            data = merge(data, extra)
        parts[part] = data
    _check_inter_names(lang, parts["actors"])
    return Lexicon(lang=lang, **parts)


def load_lexicon(lang: str = "en", extra_dirs: tuple[str, ...] | list[str] = ()) -> Lexicon:
    """The lexicon for ``lang``, defaults merged with any extra directories (cached)."""
    return _load(lang, tuple(str(d) for d in extra_dirs), os.environ.get("GEOMAP_LEXICONS", ""))


# --- phrase syntax ------------------------------------------------------------

_TOKEN_RE = re.compile(r"\{([^{}]*)\}|\(([^()]*)\)|(\.\.\.)|(\s+)|([^{}()\s.]+|\.)")


def phrase_regex(phrase: str) -> str:
    """The regex source for a lexicon phrase (see en.triggers.yaml for the syntax).

    ``word(s)`` optional ending, ``{a|b}`` alternatives, a space = spaces or hyphens,
    ``...`` = up to three words, ``re:`` prefix = a raw regex.
    """
    if phrase.startswith("re:"):
        return phrase[3:]
    out = []
    after_gap = False
    for alt, opt, gap, space, lit in _TOKEN_RE.findall(phrase):
        if space:
            if not after_gap:
                out.append(r"[\s-]+")
            continue
        after_gap = bool(gap)
        if alt:
            out.append("(?:" + "|".join(phrase_regex(a) for a in alt.split("|")) + ")")
        elif opt:
            out.append("(?:" + re.escape(opt) + ")?")
        elif gap:
            # a word, a number ("5,000") or an abbreviation ("U.S.")
            out.append(r"(?:(?:\w\.){2,}\s*|[\w'’-]+(?:[,.]\d+)*\s+){0,3}?")
        else:
            out.append(re.escape(lit).replace("'", "['’]"))
    return "".join(out)


def bounded(source: str) -> str:
    """``source`` anchored on word boundaries."""
    return rf"(?<![\w-])(?:{source})(?![\w])"


def bounded_any(sources: list[str]) -> str:
    """Any of ``sources``, in order, anchored on word boundaries.

    The boundaries stand once around the alternation (the same matches as bounding each
    alternative): a boundary tested once per position, not once per alternative, makes
    long phrase lists several times faster.
    """
    return bounded("|".join(f"(?:{s})" for s in sources))


def compile_phrases(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """One regex matching any of ``phrases`` (longest first), or None if empty."""
    if not phrases:
        return None
    srcs = sorted({phrase_regex(p) for p in phrases}, key=len, reverse=True)
    return re.compile(bounded_any(srcs), flags)
