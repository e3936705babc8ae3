"""Interactive folium maps of events.

``make_map(events)`` draws one layer (``folium.FeatureGroup``) per category, or per
actor with ``color_by="actor"``: towns and sites as markers (clustered), routes
as lines, provinces/regions/seas as translucent polygons. The ACLED
geo_precision shows in the outline (solid 1, dotted 2, dashed 3); planned
events are hollow. A legend, a layer control and ``fit_bounds`` come with it; the
map opens on the events, leaving out areas over ``LARGE_EXTENT`` degrees (a whole
country) when there are smaller ones.

Determinism: element ids are derived from the data (``_stable_ids``), so the
same events give a byte-identical page.

Safety: every string from the input goes through ``safe_text`` (markupsafe
escaping, backticks, ``${`` and bidi controls neutralised) into tables of
escaped strings; popups and tooltips are assembled in the browser from those
tables only (``geomap/static/geomap.js``), and the tables are embedded with
Jinja's HTML-safe JSON, so no input text can run. geomap's own elements put
their rendered output in the page as is (``_RawMacro``); branca would compile it
as a Jinja template once more, which is why ``safe_text`` also breaks ``{{``.

Size: each event is 7 small integers (indices into the string tables) plus its
geometry (5 decimals, ~1 m; points as a flat integer array), expanded into
GeoJSON features by ``geomapFeatures`` in the page: one ``L.geoJSON`` per layer,
its points in a ``MarkerCluster`` (``cluster=True``) or as canvas circle
markers when there are many (``cluster=False`` and more than ``LARGE``).

Time: when events carry at least two dates, a slider of our own (a Leaflet
control with ``<input type=range>`` over the sorted distinct dates) hides the
features dated after the chosen day; undated events stay visible. It costs
a few hundred bytes, unlike ``folium.plugins.TimestampedGeoJson``.

Offline (``offline=True``): no tiles and no network at all. Leaflet and
markercluster are inlined from ``geomap/static`` (regenerate with
``scripts/vendor_leaflet.py``), markers are DivIcons with their Font Awesome icon
(the solid font inlined, with rules for the icons in use: about 200 kB), and
the basemap is Natural Earth (``gazetteer.boundaries``): countries land-grey on
sea-blue, those near the events in more detail, with their admin-1 boundaries
from zoom 5.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
import os
import re
import zlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape
from shapely.geometry import mapping

from geomap.io._atomic import atomic_write_bytes
from geomap.records import Event
from geomap.taxonomy import CATEGORIES

__all__ = ["LARGE", "make_map", "safe_text", "save_map"]

#: Above this many point events, unclustered points are canvas circle markers.
LARGE = 2000

#: folium/Leaflet.awesome-markers colour names (used by the taxonomy) → hex.
MARKER_HEX = {
    "red": "#d63e2a", "darkred": "#a23336", "lightred": "#ff8e7f", "orange": "#f69730",
    "beige": "#ffcb92", "green": "#72b026", "darkgreen": "#728224", "lightgreen": "#bbf970",
    "blue": "#38aadd", "darkblue": "#0067a3", "lightblue": "#8adaff", "purple": "#d252b9",
    "darkpurple": "#5b396b", "pink": "#ff91ea", "cadetblue": "#436978", "white": "#fbfbfb",
    "gray": "#575757", "lightgray": "#a3a3a3", "black": "#303030",
}  # fmt: skip

#: Palette for ``color_by="actor"``: an actor keeps the colour its name hashes to
#: unless a larger layer of the same map has it (see ``_actor_colours``).
ACTOR_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354", "#756bb1", "#636363",
)  # fmt: skip

PRECISION = {1: "named place", 2: "near a place / part of an area", 3: "wider area"}
TIME_PRECISION = {1: "day", 2: "week", 3: "month or vaguer"}
DASH = {1: None, 2: "2 5", 3: "8 6"}  # dashArray by geo_precision (as in geomap.js)

SEA = "#a9cfe8"
LAND = "#e9e6df"
LAND_EDGE = "#b9b4a8"

#: Unicode bidi embedding/override/isolate controls: they can reorder the text
#: around them (U+202E makes "gpj.exe" read "exe.jpg"), so they are replaced.
_BIDI = {cp: "\ufffd" for cp in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                  *range(0xD800, 0xE000))}  # and lone surrogates


#: A brace opening a Jinja tag: branca compiles rendered folium output as a Jinja
#: template again, so "{{ 7*7 }}" in a layer name would be evaluated.
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def safe_text(s: object) -> str:
    """HTML-escape text for a popup, tooltip, legend or layer name.

    markupsafe escapes ``& < > " '``; in addition backticks and ``${`` are
    neutralised (folium puts some HTML inside JavaScript template literals), a
    ``{`` opening ``{{``/``{%``/``{#`` becomes ``&#123;`` (branca re-reads rendered
    output as a Jinja template), bidi control characters and lone surrogates become U+FFFD.
    """
    text = "" if s is None else str(s)
    out = str(escape(text.translate(_BIDI)))
    out = out.replace("`", "&#96;").replace("${", "&#36;{")
    return _JINJA_OPEN.sub("&#123;", out)


def _json(obj: Any) -> Markup:
    """Compact JSON that is safe inside ``<script>`` (``< > & '`` as \\u escapes)."""
    return htmlsafe_json_dumps(obj, separators=(",", ":"))


class _Raw(Element):
    """Text put in the page as is (a plain branca Element compiles its text as Jinja)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _RawMacro(MacroElement):
    """A MacroElement whose rendered macros go into the page without a second
    Jinja pass, so data in them can never be read as template code."""

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map's Figure, not a detached element"
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_Raw(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


# --------------------------------------------------------------------------- assets

_STATIC = resources.files("geomap") / "static"

#: folium resource name → vendored file (offline mode inlines these).
_VENDORED = {
    "leaflet": "leaflet.js",
    "leaflet_css": "leaflet.css",
    "markerclusterjs": "leaflet.markercluster.js",
    "markerclustercss": "MarkerCluster.css",
    "markerclusterdefaultcss": "MarkerCluster.Default.css",
}
#: folium resources that a geomap map never uses (jQuery, Bootstrap, awesome-markers, FA).
_UNUSED = {
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
}  # fmt: skip

_CLUSTER_CDN = "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/"


@lru_cache(maxsize=8)
def _static(name: str) -> str:
    """A file of geomap/static, checked to be safe to inline in a ``<script>``/``<style>``."""
    text = (_STATIC / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"geomap/static/{name} cannot be inlined: contains a closing tag")
    return text


def _walk(el: Any) -> Iterable[Any]:
    yield el
    for child in list(getattr(el, "_children", {}).values()):
        yield from _walk(child)


_FA_RULE = re.compile(r"((?:\.fa-[\w-]+:before,?)+)\{content:\"(\\[0-9a-f]+)\"\}")


@lru_cache(maxsize=1)
def _fa_codepoints() -> dict[str, str]:
    """Font Awesome icon name → CSS content escape, from the vendored stylesheet."""
    out = {}
    for m in _FA_RULE.finditer(_static("fontawesome.min.css")):
        for name in re.findall(r"\.fa-([\w-]+):before", m[1]):
            out[name] = m[2]
    return out


@lru_cache(maxsize=1)
def _fa_font() -> str:
    data = base64.b64encode((_STATIC / "fa-solid-900.woff2").read_bytes()).decode("ascii")
    return f"url(data:font/woff2;base64,{data}) format('woff2')"


def _icon_css(icons: Iterable[str]) -> str:
    """Font Awesome's solid font inlined, with rules for just ``icons`` (offline maps)."""
    points = _fa_codepoints()
    used = [n for n in sorted(icons) if n in points]
    rules = "".join(f'.fa-{n}:before{{content:"{points[n]}"}}' for n in used)
    return (
        f'@font-face{{font-family:"geomap-fa";font-style:normal;font-weight:900;'
        f"font-display:block;src:{_fa_font()}}}"
        '.fa{font-family:"geomap-fa";font-weight:900;font-style:normal;display:inline-block;'
        "line-height:1;-webkit-font-smoothing:antialiased;text-rendering:auto}" + rules
    )


class _OfflineMap(folium.Map):
    """A folium.Map whose JS/CSS resources are inlined at render time (no CDN)."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.icons: set[str] = set()  # Font Awesome icons of the markers, inlined with the font

    def render(self, **kwargs: Any) -> None:
        needed = {"leaflet", "leaflet_css"}
        for el in _walk(self):
            if isinstance(el, JSCSSMixin):
                names = {n for n, _ in [*el.default_js, *el.default_css]}
                unknown = names - set(_VENDORED) - _UNUSED
                if unknown:
                    raise ValueError(f"offline map cannot inline {sorted(unknown)}")
                needed |= names & set(_VENDORED)
                el.default_js, el.default_css = [], []
        header = self.get_root().header
        for name, file in _VENDORED.items():
            if name in needed:
                tag = "style" if file.endswith(".css") else "script"
                content = f"<{tag}>{_static(file)}</{tag}>"
                header.add_child(_Raw(content), name=f"geomap_{name}")
        if self.icons:
            header.add_child(_Raw(f"<style>{_icon_css(self.icons)}</style>"), name="geomap_fa")
        super().render(**kwargs)


# --------------------------------------------------------------------------- elements


class _Table:
    """Interned values: ``index(key, build)`` gives the row of ``key``, adding ``build()``."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self._index: dict[Hashable, int] = {}

    def index(self, key: Hashable, build: Callable[[], Any]) -> int:
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.rows)
            self.rows.append(build())
        return i


class _Support(_RawMacro):
    """geomap.css/js, and the tables of escaped strings that every layer indexes."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.js }}
        var geomap_T = {{ this.tables_json() }};
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeomapSupport"
        self.css, self.js = _static("geomap.css"), _static("geomap.js")
        self.tables = {name: _Table() for name in "kdpafxr"}

    def tables_json(self) -> Markup:
        return _json({name: t.rows for name, t in self.tables.items()})

    def row(self, ev: Event) -> list[int]:
        """The 7 table indices of a located event (see geomap.js)."""
        t = self.tables
        loc = ev.location
        assert loc is not None
        place = loc.place
        source = ev.source or ev.article_id or ""
        return [
            t["k"].index(
                (ev.category, ev.event_type, ev.sub_event_type, ev.status),
                lambda: _kind_row(ev),
            ),
            t["d"].index((ev.event_date, ev.time_precision, ev.date_text), lambda: _date_row(ev)),
            t["p"].index(
                (place.name, place.kind, loc.geo_precision),
                lambda: [
                    safe_text(
                        f"{place.name} ({place.kind}; geo precision {loc.geo_precision}: "
                        f"{PRECISION.get(loc.geo_precision, 'unknown')})"
                    ),
                    safe_text(place.name),
                    loc.geo_precision,
                ],
            ),  # fmt: skip
            t["a"].index(_actors_text(ev), lambda: safe_text(_actors_text(ev))),
            t["f"].index(
                ev.fatalities,
                lambda: "not reported" if ev.fatalities is None else str(ev.fatalities),
            ),
            t["x"].index(ev.sentence, lambda: safe_text(ev.sentence)),
            t["r"].index(
                source,
                lambda: [safe_text(source), int(source.startswith(("http://", "https://")))],
            ),
        ]


def _kind_row(ev: Event) -> list[Any]:
    cat = CATEGORIES.get(ev.category)
    kind = " / ".join(t for t in (ev.event_type, ev.sub_event_type) if t)
    return [
        safe_text(cat.label if cat else ev.category),
        safe_text(kind),
        safe_text(ev.status),
        int(ev.status == "planned"),
    ]


def _date_row(ev: Event) -> list[Any]:
    """[long text, short text, day ordinal or None] of an event's date."""
    quote = f" — “{ev.date_text}”" if ev.date_text else ""
    if ev.event_date is None:
        return [safe_text(f"undated{quote}"), "", None]
    iso = ev.event_date.isoformat()
    prec = TIME_PRECISION.get(ev.time_precision or 0)
    text = f"{iso} (precision: {prec}){quote}" if prec else f"{iso}{quote}"
    return [safe_text(text), iso, ev.event_date.toordinal()]


def _actors_text(ev: Event) -> str:
    text = " vs ".join(a for a in (ev.actor1, ev.actor2) if a)
    if ev.assoc_actors:
        text += f" (with {', '.join(ev.assoc_actors)})"
    return text


class _EventLayer(_RawMacro):
    """One ``L.geoJSON`` of events built in the page from compact rows."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(null, {
          onEachFeature: geomapBind,
          style: function (f) { return geomapStyle(f, {{ this.color|tojson }}); },
          pointToLayer: function (f, ll) {
            return geomapPoint(f, ll, {{ this.color|tojson }}, {{ this.glyph|tojson }},
                               {{ this.markers|tojson }});
          }
        });
        {{ this.get_name() }}.addData(geomapFeatures({{ this.shapes }}, {{ this.points }}));
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, shapes: list[Any], points: list[int], color: str, glyph: str, markers: bool
    ) -> None:
        super().__init__()
        self._name = "GeomapEvents"
        self.shapes, self.points = _json(shapes), _json(points)
        self.color, self.glyph, self.markers = color, glyph, markers


class _Control(_RawMacro):
    """A Leaflet control whose content is HTML built here from ``safe_text`` parts."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var c = L.control({position: {{ this.position|tojson }}});
          c.onAdd = function () {
            var d = L.DomUtil.create('div', {{ this.css_class|tojson }});
            d.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(d);
            L.DomEvent.disableScrollPropagation(d);
            return d;
          };
          c.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "GeomapControl"
        self.html, self.position, self.css_class = html, position, css_class


class _Title(_RawMacro):
    _template = Template(
        '{% macro html(this, kwargs) %}<div class="geomap-maptitle">{{ this.text }}</div>'
        "{% endmacro %}"
    )

    def __init__(self, title: str) -> None:
        super().__init__()
        self._name = "GeomapTitle"
        self.text = safe_text(title)


class _TimeSlider(_RawMacro):
    """Range input over the sorted distinct dates (``geomapTimeSlider`` in geomap.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geomapTimeSlider({{ this._parent.get_name() }}, [{% for geo, box in this.layers %}
          {geo: {{ geo.get_name() }}, box: {{ box.get_name() }}},{% endfor %}],
          {{ this.days|tojson }}, {{ this.labels|tojson }}, {{ this.note|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, dates: Sequence[dt.date], layers: list[tuple[Any, Any]], undated: int):
        super().__init__()
        self._name = "GeomapTimeSlider"
        self.days = [d.toordinal() for d in dates]
        self.labels = [d.isoformat() for d in dates]
        self.layers = layers
        self.note = f"{undated} undated event(s) always shown" if undated else ""


class _StaticGeoJson(_RawMacro):
    """A non-interactive GeoJSON layer in the basemap pane (compact JSON)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.json }}, {pane: "geomap-basemap",
          interactive: false, style: {{ this.style|tojson }}});
        {% if this.min_zoom %}
        geomapMinZoom({{ this._parent.get_name() }}, {{ this.get_name() }}, {{ this.min_zoom }});
        {% else %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any], style: dict[str, Any], min_zoom: int = 0) -> None:
        super().__init__()
        self._name = "GeomapBasemap"
        self.json = _json(data)
        self.style, self.min_zoom = style, min_zoom


# --------------------------------------------------------------------------- basemap


def _round(geom: Any, decimals: int) -> Any:
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _features(geoms: np.ndarray, tolerance: float, decimals: int) -> list[dict[str, Any]]:
    geoms = _round(shapely.simplify(geoms, tolerance, preserve_topology=True), decimals)
    return [
        {"type": "Feature", "geometry": mapping(g), "properties": {}}
        for g in geoms
        if g is not None and not g.is_empty
    ]


@lru_cache(maxsize=1)
def _world() -> tuple[list[dict[str, Any]], np.ndarray]:
    """Coarse country polygons (islands under ~0.1 square degree dropped unless a
    country's largest part) as features, with the country row index of each."""
    from gazetteer.boundaries import load_boundaries

    parts, idx = shapely.get_parts(load_boundaries(0).geometry.values, return_index=True)
    area = shapely.area(parts)
    largest = pd.Series(area).groupby(idx).transform("max").to_numpy()
    keep = (area >= 0.1) | (area == largest)
    parts = _round(shapely.simplify(parts[keep], 0.15, preserve_topology=True), 2)
    ok = ~shapely.is_empty(parts)
    feats = [{"type": "Feature", "geometry": mapping(g), "properties": {}} for g in parts[ok]]
    return feats, idx[keep][ok]


def _basemap_data(
    bounds: tuple[float, float, float, float] | None,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(countries, admin-1 lines): countries near the events (padded extent) in
    more detail and with admin-1 boundaries, the rest of the world coarse."""
    from gazetteer.boundaries import load_boundaries

    countries = load_boundaries(0)
    near = np.zeros(len(countries), dtype=bool)
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        box = shapely.box(minx - 2, miny - 2, maxx + 2, maxy + 2)
        near = np.asarray(countries.geometry.intersects(box))
    world, idx = _world()
    feats = [f for f, i in zip(world, idx, strict=True) if not near[i]]
    feats += _features(countries.geometry.values[near], 0.01, 3)
    lines = None
    if near.any():
        admin1 = load_boundaries(1)
        admin1 = admin1[admin1["country_code"].isin(set(countries["country_code"][near]))]
        if len(admin1):
            edges = _features(shapely.boundary(admin1.geometry.values), 0.02, 3)
            lines = {"type": "FeatureCollection", "features": edges}
    return {"type": "FeatureCollection", "features": feats}, lines


def _add_basemap(m: folium.Map, bounds: tuple[float, float, float, float] | None) -> None:
    folium.map.CustomPane("geomap-basemap", z_index=250, pointer_events=False).add_to(m)
    m.get_root().header.add_child(
        _Raw(f"<style>div.folium-map.leaflet-container {{ background: {SEA}; }}</style>"),
        name="geomap_sea",
    )
    land, lines = _basemap_data(bounds)
    style = {"color": LAND_EDGE, "weight": 0.8, "fillColor": LAND, "fillOpacity": 1}
    _StaticGeoJson(land, style).add_to(m)
    if lines:
        style = {"color": "#9b968a", "weight": 0.6, "dashArray": "3 3", "fill": False}
        _StaticGeoJson(lines, style, min_zoom=5).add_to(m)


# --------------------------------------------------------------------------- legend


def _swatch_svg(dash: str | None, kind: str) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    if kind == "line":
        return (
            '<svg width="26" height="12"><line x1="1" y1="6" x2="25" y2="6" stroke="#333" '
            f'stroke-width="3"{dash_attr}/></svg>'
        )
    return (
        '<svg width="26" height="14"><rect x="2" y="2" width="22" height="10" fill="#888" '
        f'fill-opacity="0.25" stroke="#333" stroke-width="2"{dash_attr}/></svg>'
    )


def _legend_html(
    layers: list[tuple[str, str, int]], color_by: str, unlocated: int, offline: bool
) -> str:
    """The legend: layer colours with counts, geometry styles, precision styles."""
    head = "Categories" if color_by == "category" else "Actor 1"
    parts = [f"<h4>{head}</h4>"]
    for label, color, count in layers:
        parts.append(
            f'<div><span class="geomap-swatch" style="background:{color}"></span>'
            f"{safe_text(label)} ({count})</div>"
        )
    if not layers:
        parts.append("<div>no located events</div>")
    dot = '<span class="geomap-swatch" style="background:{}"></span>'
    parts += [
        "<h4>Geometry</h4>",
        f"<div>{dot.format('#888')}town / site</div>",
        f"<div>{_swatch_svg(None, 'line')}route (line)</div>",
        f"<div>{_swatch_svg(None, 'area')}province / region / sea (area)</div>",
        f"<div>{dot.format('#fff')}hollow: planned</div>",
        "<h4>Geo precision</h4>",
    ]
    for p, dash in DASH.items():
        parts.append(f"<div>{_swatch_svg(dash, 'line')}{p}: {safe_text(PRECISION[p])}</div>")
    if unlocated:
        parts.append(f"<div><i>{unlocated} event(s) without a location not shown</i></div>")
    if offline:
        parts.append('<div class="geomap-note">Basemap: Natural Earth</div>')
    return "".join(parts)


# --------------------------------------------------------------------------- map


def _group_key(ev: Event, color_by: str) -> str:
    return ev.category if color_by == "category" else (ev.actor1 or "")


def _actor_colours(keys: Sequence[str]) -> dict[str, str]:
    """A palette colour per actor: the one its name hashes to (the same on every map)
    unless a larger layer took it, then the next free one, so that up to
    ``len(ACTOR_PALETTE)`` actors on one map never share a colour."""
    n, taken, out = len(ACTOR_PALETTE), set(), {}
    for key in keys:  # largest layers first
        slot = zlib.crc32(key.encode("utf-8", "replace")) % n
        if len(taken) < n:
            while slot in taken:
                slot = (slot + 1) % n
            taken.add(slot)
        out[key] = ACTOR_PALETTE[slot]
    return out


def _group_style(key: str, color_by: str, colours: dict[str, str]) -> tuple[str, str, str]:
    """(label, hex colour, Font Awesome icon) of a layer."""
    if color_by == "actor":
        return (key or "Unknown actor"), colours[key], ""
    cat = CATEGORIES.get(key)
    if cat is None:
        return key or "Uncategorised", MARKER_HEX["gray"], ""
    return cat.label, MARKER_HEX.get(cat.color, MARKER_HEX["gray"]), cat.icon


class _Group:
    """The events of one layer: shapes as [geometry, row], points as a flat int list."""

    def __init__(self) -> None:
        self.shapes: list[list[Any]] = []
        self.points: list[int] = []
        self.count = 0


#: An area or line wider or taller than this (degrees) is "large": the map opens on
#: the smaller events when there are any (a visit to "Russia" must not zoom the
#: map of talks in Sochi and strikes in Idlib out to the whole world).
LARGE_EXTENT = 15.0


def _is_large(bounds: tuple[float, ...]) -> bool:
    minx, miny, maxx, maxy = bounds
    return maxx - minx > LARGE_EXTENT or maxy - miny > LARGE_EXTENT


def _fit_box(geom: Any) -> tuple[float, ...]:
    """Bounds to fit the map to: those of the largest part when the geometry spans
    more than 180° of longitude (it crosses the antimeridian, like Russia or Fiji)."""
    minx, _, maxx, _ = bounds = geom.bounds
    if maxx - minx > 180:
        parts = shapely.get_parts(geom)
        if len(parts) > 1:
            size = shapely.area(parts) if geom.area > 0 else shapely.length(parts)
            return tuple(parts[int(np.argmax(size))].bounds)
    return tuple(bounds)


def _geometry(ev: Event, cache: dict[str, Any]) -> tuple[Any, tuple[float, ...]]:
    """(("pt", x, y) or a GeoJSON geometry dict, bounds to fit) of an event's place,
    cached by key."""
    place = ev.place
    assert place is not None
    if place.geometry_type == "Point":
        x, y = round(place.lon * 1e5), round(place.lat * 1e5)
        return ("pt", x, y), (x / 1e5, y / 1e5, x / 1e5, y / 1e5)
    hit = cache.get(place.key)
    if hit is None:
        geom = _round(place.geometry, 5)
        if geom.geom_type == "Point":
            x, y = round(geom.x * 1e5), round(geom.y * 1e5)
            hit = ("pt", x, y), geom.bounds
        else:
            hit = mapping(geom), _fit_box(geom)
        cache[place.key] = hit
    return hit


def make_map(
    events: Iterable[Event],
    *,
    offline: bool = False,
    color_by: str = "category",
    cluster: bool = True,
    time_slider: bool = True,
    title: str | None = None,
) -> folium.Map:
    """A folium map of events, one layer per category (or per actor1).

    ``offline=True`` gives a self-contained page (no tiles, inlined Leaflet,
    Natural Earth basemap). ``cluster`` clusters point markers per layer;
    ``time_slider`` adds a date slider when events have two dates or more.
    Events without a location are counted in the legend, not drawn.
    """
    if color_by not in ("category", "actor"):
        raise ValueError(f"color_by must be 'category' or 'actor', not {color_by!r}")
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small objects: the cyclic GC would rescan them again and again
    try:
        return _make_map(list(events), offline, color_by, cluster, time_slider, title)
    finally:
        if gc_was_enabled:
            gc.enable()


def _make_map(
    events: list[Event],
    offline: bool,
    color_by: str,
    cluster: bool,
    time_slider: bool,
    title: str | None,
) -> folium.Map:
    located = [ev for ev in events if ev.location is not None]
    map_cls = _OfflineMap if offline else folium.Map
    m = map_cls(
        location=(20, 0), zoom_start=2, tiles=None if offline else "OpenStreetMap",
        prefer_canvas=True, control_scale=True, minZoom=1, maxZoom=18,
    )  # fmt: skip
    root = m.get_root()
    assert isinstance(root, Figure)
    if title:
        root.title = safe_text(title)
        _Title(title).add_to(m)
    support = _Support().add_to(m)

    groups: dict[str, _Group] = {}
    cache: dict[str, Any] = {}
    # extents of the small and of the large geometries: [minx, miny, maxx, maxy]
    boxes = {False: [np.inf, np.inf, -np.inf, -np.inf], True: [np.inf, np.inf, -np.inf, -np.inf]}
    for ev in located:
        geom, bounds = _geometry(ev, cache)
        box = boxes[isinstance(geom, dict) and _is_large(bounds)]
        box[0], box[1] = min(box[0], bounds[0]), min(box[1], bounds[1])
        box[2], box[3] = max(box[2], bounds[2]), max(box[3], bounds[3])
        group = groups.get(_group_key(ev, color_by))
        if group is None:
            group = groups[_group_key(ev, color_by)] = _Group()
        group.count += 1
        row = support.row(ev)
        if isinstance(geom, tuple):
            group.points += [geom[1], geom[2], *row]
        else:
            group.shapes.append([geom, row])
    small, large = boxes[False], boxes[True]
    extent = tuple(small) if small[0] <= small[2] else tuple(large) if located else None
    if offline:
        _add_basemap(m, extent)

    if color_by == "category":
        order = {k: i for i, k in enumerate(CATEGORIES)}
        keys = sorted(groups, key=lambda k: (order.get(k, len(order)), k))
    else:
        keys = sorted(groups, key=lambda k: (-groups[k].count, k))
    colours = _actor_colours(keys) if color_by == "actor" else {}
    n_points = sum(len(g.points) for g in groups.values()) // 9
    markers = cluster or n_points <= LARGE

    legend: list[tuple[str, str, int]] = []
    slider_layers: list[tuple[Any, Any]] = []
    for key in keys:
        group = groups[key]
        label, color, icon = _group_style(key, color_by, colours)
        legend.append((label, color, group.count))
        fg = folium.FeatureGroup(name=safe_text(f"{label} ({group.count})")).add_to(m)
        if group.shapes:
            layer = _EventLayer(group.shapes, [], color, "", markers).add_to(fg)
            slider_layers.append((layer, layer))
        if group.points:
            glyph = f'<i class="fa fa-{safe_text(icon)}"></i>' if icon else ""
            if icon and isinstance(m, _OfflineMap):
                m.icons.add(icon)
            box: Any = fg
            if cluster:
                box = _cluster(color, offline).add_to(fg)
            layer = _EventLayer([], group.points, color, glyph, markers).add_to(box)
            slider_layers.append((layer, box if cluster else layer))

    folium.LayerControl(collapsed=len(keys) > 12).add_to(m)
    unlocated = len(events) - len(located)
    _Control(_legend_html(legend, color_by, unlocated, offline), "bottomright",
             "geomap-legend").add_to(m)  # fmt: skip
    dates = sorted({ev.event_date for ev in located if ev.event_date is not None})
    if time_slider and len(dates) >= 2:
        undated = sum(1 for ev in located if ev.event_date is None)
        _TimeSlider(dates, slider_layers, undated).add_to(m)
    if extent is not None:
        minx, miny, maxx, maxy = (float(v) for v in extent)
        m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(40, 40), max_zoom=12)
    seed = f"{title}|{color_by}|{offline}|{cluster}|{len(events)}|{extent}|"
    _stable_ids(m, seed.encode() + support.tables_json().encode())
    return m


def _stable_ids(m: folium.Map, seed: bytes) -> None:
    """Give every element of the page an id derived from the map's data instead of
    branca's random one, so the same events always render to the same bytes (the
    ids name the JavaScript variables and the map's ``<div>``)."""
    prefix = hashlib.blake2b(seed, digest_size=4).hexdigest()
    for i, el in enumerate(_walk(m.get_root())):
        el._id = f"{prefix}{i:024x}"


def _cluster(color: str, offline: bool) -> MarkerCluster:
    """A MarkerCluster drawing its clusters in the layer's colour."""
    mc = MarkerCluster(
        control=False,
        icon_create_function=f"geomapClusterIcon({_json(color)})",
        options={"chunkedLoading": True, "showCoverageOnHover": False, "maxClusterRadius": 45},
    )
    if not offline:  # the CDN copy pinned to the vendored version (instance lists only)
        mc.default_js = [("markerclusterjs", _CLUSTER_CDN + "leaflet.markercluster.js")]
        mc.default_css = [
            ("markerclustercss", _CLUSTER_CDN + "MarkerCluster.css"),
            ("markerclusterdefaultcss", _CLUSTER_CDN + "MarkerCluster.Default.css"),
        ]
    return mc


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> None:
    """Render the map to a standalone HTML file, atomically."""
    atomic_write_bytes(path, m.get_root().render().encode("utf-8"))
