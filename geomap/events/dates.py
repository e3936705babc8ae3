"""Finding date expressions in a sentence and resolving them against a publication date.

``DateFinder.find`` locates candidate phrases with regexes built from
``<lang>.dates.yaml`` (months, weekdays, relative words); ``DateFinder.resolve``
turns one phrase into a date with an ACLED time precision (1 day, 2 week or
part of a month, 3 month or vaguer). ``dateparser`` is used only on short
"N days ago" phrases. Conventions are documented in en.dates.yaml.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from geomap.events.lexicon import Lexicon, compile_phrases

SLACK = dt.timedelta(days=2)  # time-zone slack when choosing a year or weekday


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # article offsets
    end: int
    text: str
    kind: str  # which rule found it: md, dm, part, my, month, year, year_of, weekday, day,
    # period, ago, ago_long, decade, iso


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    date: dt.date
    precision: int  # ACLED time_precision
    lo: dt.date  # the span of days the expression can mean
    hi: dt.date


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _cap_alt(words: list[str]) -> str:
    """Alternation of capitalised forms (months and weekdays are capitalised in text)."""
    return _alt([w[:1].upper() + w[1:] for w in words])


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


#: A four-digit year of a date phrase.
YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)")
_YEARLESS = ("md", "dm", "part", "month")  # phrases a known year completes


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


class DateFinder:
    """Date regexes and resolution rules compiled from a lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        lx = lexicon.dates
        self.months: dict[str, int] = {k.lower(): int(v) for k, v in lx["months"].items()}
        self.weekdays: dict[str, int] = {k.lower(): int(v) for k, v in lx["weekdays"].items()}
        self.parts: dict[str, int | str] = {k.lower(): v for k, v in lx["month_parts"].items()}
        self.days: dict[str, int] = {k.lower(): int(v) for k, v in lx["days"].items()}
        self.spans = {k.lower(): (int(v[0]), int(v[1])) for k, v in (lx.get("spans") or {}).items()}
        self.last = [w.lower() for w in lx["last"]]
        self.this = [w.lower() for w in lx["this"]]
        self.next = [w.lower() for w in lx["next"]]
        units = lexicon.numbers.get("units") or {}
        self.numbers = {k.lower(): int(v) for k, v in units.items()}
        short = [m for m in self.months if len(m) <= 4]
        long = [m for m in self.months if len(m) > 4]
        mon = rf"(?-i:(?:{_cap_alt(long)})|(?:{_cap_alt(short)})\.?)"
        day = r"(\d{1,2})(?:st|nd|rd|th)?(?!\d)"
        year = r"((?:1[89]|20)\d{2})(?!\d)"
        part = _alt(list(self.parts))
        wd = rf"(?-i:{_cap_alt(list(self.weekdays))})\.?"
        rel = _alt(self.last + self.this + self.next)
        num = rf"(\d+|{_alt(list(self.numbers))})"
        unit = r"(days?|weeks?|months?|years?)"
        f = re.IGNORECASE
        self.rules: list[tuple[str, re.Pattern[str]]] = [
            ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
            ("md", re.compile(rf"\b({mon})\s+{day}(?:,?\s+{year})?", f)),
            ("dm", re.compile(rf"\b{day}\s+(?:of\s+)?({mon})(?:,?\s+{year})?", f)),
            (
                "part",
                re.compile(
                    rf"\b(?:the\s+)?({part})[\s-]+(?:of\s+)?(?:the\s+)?({mon})(?!\.?\s+\d{{1,2}}(?!\d))"
                    rf"(?:,?\s+{year})?",
                    f,
                ),
            ),
            ("my", re.compile(rf"\b({mon}),?\s+(?:of\s+)?{year}", f)),
            (
                "month",
                re.compile(rf"\b(?:in|since|until|by|during|from|of|({rel}))\s+({mon})\b", f),
            ),
            (
                "year",
                re.compile(rf"\b(?:in|since|during|by|until|of)\s+(?:early\s+|late\s+)?{year}", f),
            ),
            # a year naming an event: "the 2022 offensive", "the 2016 peace deal" (not a
            # count of people: "the 2000 troops")
            (
                "year_of",
                re.compile(rf"\b(?-i:the)\s+{year}(?=\s+(?-i:[a-z][a-z-]*[a-rt-z])\b|$)"),
            ),
            ("weekday", re.compile(rf"\b(since\s+)?(?:({rel})\s+)?({wd})\b", f)),
            ("day", compile_phrases(list(self.days)) or re.compile(r"(?!)")),
            ("span", compile_phrases(list(self.spans)) or re.compile(r"(?!)")),
            (
                "weekend",
                re.compile(rf"\b(?:over|at|during|on)\s+the\s+weekend\b|\b({rel})\s+weekend\b", f),
            ),
            ("period", re.compile(rf"\b({rel})\s+(week|month|year)\b", f)),
            ("ago", re.compile(rf"\b{num}\s+{unit}\s+ago\b", f)),
            # years back counted in seasons or decades: "two summers ago", "a decade ago"
            (
                "ago_long",
                re.compile(rf"\b(a|an|{num[1:-1]})\s+(decades?|summers?|winters?|springs?|"
                           rf"autumns?|years?)\s+ago\b", f),
            ),
            # a decade: "the 1990s war in Bosnia", "in the 1980s"
            ("decade", re.compile(r"\bthe\s+((?:1[89]|20)\d0)['’]?s\b", f)),
        ]

    # --- finding ---------------------------------------------------------------

    def find(self, text: str, offset: int = 0) -> list[DateMention]:
        """Date phrases in ``text``; overlapping matches keep the longest."""
        found = [
            DateMention(offset + m.start(), offset + m.end(), m[0], kind)
            for kind, rx in self.rules
            for m in rx.finditer(text)
        ]
        found.sort(key=lambda d: (d.start, -(d.end - d.start)))
        out: list[DateMention] = []
        for d in found:
            if out and d.start < out[-1].end:
                if d.end - d.start > out[-1].end - out[-1].start:
                    out[-1] = d
                continue
            out.append(d)
        return out

    # --- resolving -------------------------------------------------------------

    def resolve(
        self,
        mention: DateMention,
        anchor: dt.date | None,
        planned: bool = False,
        year: int | None = None,
    ) -> ResolvedDate | None:
        """The date ``mention`` stands for, or None when it cannot be known.

        ``year`` is an undated article's year (see ``stated_year``): without an ``anchor``
        it completes "Sept. 29" or "mid-September"; relative phrases stay unknown.
        """
        rx = dict(self.rules)[mention.kind]
        m = rx.fullmatch(mention.text) or rx.search(mention.text)
        if not m:
            return None
        if anchor is None and year is not None and mention.kind in _YEARLESS and not (
            mention.kind == "month" and m[1]  # "next March" needs the real date
        ):
            # the end of that year, looking back, puts the month in that year
            anchor, planned = dt.date(year, 12, 31) - SLACK, False
        try:
            return getattr(self, f"_r_{mention.kind}")(m, anchor, planned)
        except (ValueError, OverflowError):
            return None

    def stated_year(self, text: str) -> int | None:
        """The latest year a text states in a date ("in March 2020", "late December 2021").

        An article without a publication date is taken to be written in that year, the way a
        reader dates an undated clipping; events dated this way say so in their notes.
        """
        years = [  # "by 2030", "since 2019" name a target or a start, not the present
            int(y)
            for d in self.find(text)
            if d.kind in ("iso", "md", "dm", "part", "my")
            or (d.kind == "year" and d.text.split()[0].lower() in ("in", "during"))
            for y in YEAR.findall(d.text)
        ]
        return max(years) if years else None

    def _year_for(self, month: int, day: int, anchor: dt.date | None, planned: bool) -> int | None:
        """The year that puts month/day nearest ``anchor`` in the right direction."""
        if anchor is None:
            return None
        options = []
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                options.append(dt.date(y, month, min(day, calendar.monthrange(y, month)[1])))
            except ValueError:
                continue
        if planned:
            ok = [d for d in options if d >= anchor - SLACK]
            return min(ok).year if ok else None
        ok = [d for d in options if d <= anchor + SLACK]
        return max(ok).year if ok else None

    def _month(self, name: str) -> int:
        return self.months[name.lower().rstrip(".")]

    def _r_iso(self, m: re.Match[str], anchor: dt.date | None, planned: bool) -> ResolvedDate:
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return ResolvedDate(d, 1, d, d)

    def _day_date(
        self, month: int, day: int, year: str | None, anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        y = int(year) if year else self._year_for(month, day, anchor, planned)
        if y is None:
            return None
        d = dt.date(y, month, day)
        return ResolvedDate(d, 1, d, d)

    def _r_md(self, m: re.Match[str], anchor: dt.date | None, planned: bool) -> ResolvedDate | None:
        return self._day_date(self._month(m[1]), int(m[2]), m[3], anchor, planned)

    def _r_dm(self, m: re.Match[str], anchor: dt.date | None, planned: bool) -> ResolvedDate | None:
        return self._day_date(self._month(m[2]), int(m[1]), m[3], anchor, planned)

    def _r_part(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        month = self._month(m[2])
        part = self.parts[re.sub(r"\s+", " ", m[1].lower())]
        y = int(m[3]) if m[3] else self._year_for(month, 15, anchor, planned)
        if y is None:
            return None
        end = _month_end(y, month)
        day = end.day if part == "end" else int(part)
        d = dt.date(y, month, day)
        return ResolvedDate(
            d,
            2,
            max(d - dt.timedelta(days=7), d.replace(day=1)),
            min(d + dt.timedelta(days=7), end),
        )

    def _month_span(self, y: int, month: int) -> ResolvedDate:
        return ResolvedDate(dt.date(y, month, 1), 3, dt.date(y, month, 1), _month_end(y, month))

    def _r_my(self, m: re.Match[str], anchor: dt.date | None, planned: bool) -> ResolvedDate:
        return self._month_span(int(m[2]), self._month(m[1]))

    def _r_month(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        if anchor is None:
            return None
        month = self._month(m[2])
        rel = (m[1] or "").lower()
        if rel in self.next:
            planned = True
        elif rel in self.last:
            planned = False
        y = anchor.year
        if planned and month < anchor.month:
            y += 1
        elif not planned and month > anchor.month:
            y -= 1
        if rel in self.last and month == anchor.month:
            y -= 1
        return self._month_span(y, month)

    def _r_year(self, m: re.Match[str], anchor: dt.date | None, planned: bool) -> ResolvedDate:
        y = int(m[1])
        return ResolvedDate(dt.date(y, 1, 1), 3, dt.date(y, 1, 1), dt.date(y, 12, 31))

    _r_year_of = _r_year

    def _r_ago_long(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        """The whole year some seasons, years or decades back ("two summers ago")."""
        if anchor is None:
            return None
        word = m[1].lower()
        n = 1 if word in ("a", "an") else int(word) if word.isdigit() else self.numbers.get(word)
        if n is None:
            return None
        y = anchor.year - n * (10 if m[2].lower().startswith("decade") else 1)
        return ResolvedDate(dt.date(y, 1, 1), 3, dt.date(y, 1, 1), dt.date(y, 12, 31))

    def _r_decade(self, m: re.Match[str], anchor: dt.date | None, planned: bool) -> ResolvedDate:
        y = int(m[1])
        return ResolvedDate(dt.date(y, 1, 1), 3, dt.date(y, 1, 1), dt.date(y + 9, 12, 31))

    def _r_weekday(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        if anchor is None:
            return None
        rel = (m[2] or "").lower()
        wd = self.weekdays[m[3].lower().rstrip(".")]
        if rel in self.next:
            planned = True
        elif rel in self.last:
            planned = False
        if planned:
            delta = (wd - anchor.weekday()) % 7 or 7
            if rel in self.this and wd == anchor.weekday():
                delta = 0
            d = anchor + dt.timedelta(days=delta)
        elif rel in self.last:  # "last Thursday": that day of the week before this one
            d = _monday(anchor) - dt.timedelta(days=7 - wd)
        else:
            d = anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7)
        if m[1]:  # "since Monday": the first day of a span
            return ResolvedDate(d, 2, d, anchor)
        return ResolvedDate(d, 1, d, d)

    def _r_day(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        if anchor is None:
            return None
        d = anchor + dt.timedelta(days=self.days[re.sub(r"\s+", " ", m[0].lower())])
        return ResolvedDate(d, 1, d, d)

    def _r_span(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        if anchor is None:
            return None
        offset, prec = self.spans[re.sub(r"\s+", " ", m[0].lower())]
        d = anchor + dt.timedelta(days=offset)
        return ResolvedDate(d, prec, d, d + dt.timedelta(days=6))

    def _r_weekend(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        """The Saturday of the weekend: the last one (reported) or the next one (planned)."""
        if anchor is None:
            return None
        rel = (m[1] or "").lower()
        planned = rel in self.next or (planned and rel not in self.last)
        if planned:
            d = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
        else:
            d = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        return ResolvedDate(d, 2, d, d + dt.timedelta(days=1))

    def _r_period(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        if anchor is None:
            return None
        rel, unit = m[1].lower(), m[2].lower()
        step = -1 if rel in self.last else 1 if rel in self.next else 0
        if unit in ("week", "weekend"):
            mon = _monday(anchor) + dt.timedelta(weeks=step)
            d = mon + dt.timedelta(days=5) if unit == "weekend" else mon
            hi = mon + dt.timedelta(days=6)
            return ResolvedDate(d, 2, d, hi if step else min(hi, anchor) if not planned else hi)
        if unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
            return self._month_span(y, mo + 1)
        y = anchor.year + step
        return ResolvedDate(dt.date(y, 1, 1), 3, dt.date(y, 1, 1), dt.date(y, 12, 31))

    def _r_ago(
        self, m: re.Match[str], anchor: dt.date | None, planned: bool
    ) -> ResolvedDate | None:
        if anchor is None:
            return None
        n = int(m[1]) if m[1].isdigit() else self.numbers.get(m[1].lower())
        if n is None:
            return None
        import dateparser

        base = dt.datetime.combine(anchor, dt.time(12))
        parsed = dateparser.parse(
            f"{n} {m[2]} ago",
            languages=["en"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
        )
        if parsed is None:
            return None
        d = parsed.date()
        unit = m[2].lower().rstrip("s")
        prec = {"day": 1, "week": 2}.get(unit, 3)
        if prec == 3:
            d = d.replace(day=1)
            return self._month_span(d.year, d.month)
        span = dt.timedelta(days=3 if prec == 2 else 0)
        return ResolvedDate(d, prec, d - span, d + span)


@lru_cache(maxsize=8)
def finder_for(lexicon: Lexicon) -> DateFinder:
    """The compiled date finder for a lexicon (cached per lexicon object)."""
    return DateFinder(lexicon)


def resolve_date_text(
    text: str, anchor: dt.date | None, *, planned: bool = False, lexicon: Lexicon | None = None
) -> ResolvedDate | None:
    """Resolve the first date phrase in ``text`` (a convenience for callers and tests)."""
    from geomap.events.lexicon import load_lexicon

    finder = finder_for(lexicon or load_lexicon())
    found = finder.find(text)
    return finder.resolve(found[0], anchor, planned) if found else None
