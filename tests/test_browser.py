"""Maps in a real browser: headless Chromium driven by Selenium and Debian's chromedriver.

1. The offline map of the bundled example articles loads from ``file://`` without
   JavaScript errors or network resources, has one layer per event category and
   paints a non-blank picture.
2. Hostile text (an article and an ACLED CSV full of HTML, script, template-literal
   and bidi-override payloads) is shown as text: with every popup and tooltip
   open, nothing ran (``window.__pwned`` unset, no alert/confirm/prompt) and no
   element the payloads describe exists in the page.
"""

from __future__ import annotations

import csv
import struct
import time
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from geomap.explore import make_map, save_map
from geomap.pipeline import run
from geomap.records import Event
from geomap.taxonomy import CATEGORIES

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
EXAMPLES = Path(__file__).resolve().parents[1] / "geomap" / "examples"
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--window-size=1280,800",
)  # fmt: skip

#: Installed in every page before its own scripts: dialogs only set flags.
GUARD_JS = """
window.__dialogs = [];
['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
  window[name] = function (msg) { window.__dialogs.push(name + ': ' + msg); return null; };
});
"""

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "`${window.__pwned=1}`",
    "</script><script>window.__pwned=1;alert(1)</script>",
    "<svg onload=window.__pwned=1>",
)

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        f"headless browser missing ({CHROMIUM} and {CHROMEDRIVER} are both needed; "
        "run `make browser` as root, i.e. apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.common.exceptions import (  # noqa: E402
    NoAlertPresentException,
    TimeoutException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        drv.set_page_load_timeout(60)
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": GUARD_JS})
        yield drv
    finally:
        drv.quit()


def open_map(driver: Any, path: Path) -> None:
    """Load a saved map and wait until Leaflet has drawn its layer control."""
    driver.get_log("browser")  # drop messages of earlier pages
    driver.get(path.as_uri())
    try:
        WebDriverWait(driver, 30).until(
            lambda d: d.execute_script(
                "return !!(window.L && document.querySelector('.leaflet-control-layers'))"
            )
        )
    except TimeoutException:
        pytest.fail(f"{path.name}: the map did not load; browser log: {driver.get_log('browser')}")
    time.sleep(0.5)  # let tiles-free rendering and chunked marker loading settle


def severe_messages(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def no_alert(driver: Any) -> bool:
    try:
        driver.switch_to.alert  # noqa: B018 - raises when there is no dialog
    except NoAlertPresentException:
        return True
    return False


# --------------------------------------------------------------------------- pixels


def _png_pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of raw pixels) of an 8-bit, non-interlaced RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = data
        elif kind == b"IDAT":
            idat += data
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and color in (2, 6) and interlace == 0, "unsupported PNG layout"
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line[j] for j in range(stride) if bpp == 3 or j % 4 != 3))
        prev = line
    return width, height, rows


def colour_stats(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of the most common colour) of a screenshot."""
    try:
        import io

        from PIL import Image

        img = Image.open(io.BytesIO(png)).convert("RGB")
        counts = img.getcolors(maxcolors=img.width * img.height) or []
        total = img.width * img.height
        return len(counts), max(n for n, _ in counts) / total
    except ImportError:
        pass
    width, height, rows = _png_pixels(png)
    tally: dict[bytes, int] = {}
    for row in rows[::2]:  # every other row and column is plenty for a map
        for x in range(0, width * 3, 6):
            px = row[x : x + 3]
            tally[px] = tally.get(px, 0) + 1
    return len(tally), max(tally.values()) / sum(tally.values())


# --------------------------------------------------------------------------- page probes

#: Opens every popup and tooltip of every event feature (clustered markers are
#: added to the map for the purpose) and leaves them open; returns what was shown.
OPEN_ALL_JS = """
var maps = [], geos = [];
Object.keys(window).forEach(function (k) {
  var v = window[k];
  if (v instanceof L.Map) maps.push(v);
  if (v instanceof L.GeoJSON) geos.push(v);
});
var map = maps[0], out = {maps: maps.length, features: 0, popups: [], tooltips: []};
geos.forEach(function (g) {
  g.eachLayer(function (l) {
    var popup = l.getPopup && l.getPopup(), tip = l.getTooltip && l.getTooltip();
    if (!l.feature || !popup) return;  // basemap features have no popup
    out.features++;
    if (!l._map) map.addLayer(l);
    var ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
    if (popup) {
      popup.options.autoClose = false; popup.options.closeOnClick = false;
      popup.options.autoPan = false;
      l.openPopup(ll);
      var pel = popup.getElement();
      if (pel) out.popups.push(pel.querySelector('.leaflet-popup-content').textContent);
    }
    if (tip) {
      l.openTooltip(ll);
      var tel = tip.getElement();
      if (tel) out.tooltips.push(tel.textContent);
    }
  });
});
return out;
"""

#: Everything the payloads would leave behind if they were parsed as HTML.
INJECTED_JS = """
var found = [];
document.querySelectorAll('*').forEach(function (el) {
  Array.from(el.attributes).forEach(function (a) {
    if (/^on/i.test(a.name)) found.push(el.tagName + '[' + a.name + ']');
  });
  if (el.tagName === 'IMG' && /(^|\\/)x$/.test(el.getAttribute('src') || '')) {
    found.push('img src=x');
  }
});
document.querySelectorAll('.leaflet-container script, .leaflet-container iframe, '
    + '.leaflet-container object, .leaflet-container embed').forEach(function (el) {
  found.push('inside the map: <' + el.tagName.toLowerCase() + '>');
});
document.querySelectorAll('a[href]').forEach(function (a) {
  if (/^\\s*javascript:/i.test(a.getAttribute('href'))) found.push('javascript: link');
});
return {found: found, scripts: document.scripts.length, pwned: typeof window.__pwned,
        dialogs: window.__dialogs || null,
        text: document.querySelector('.leaflet-container').innerText};
"""


class _ScriptCounter(HTMLParser):
    """Counts <script> start tags the way a browser tokenises the file."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"


def script_tags(path: Path) -> int:
    parser = _ScriptCounter()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.scripts


def assert_inert(driver: Any, path: Path, events: list[Event]) -> dict[str, Any]:
    """Open every popup of the map at ``path`` and check that no payload ran."""
    located = [e for e in events if e.location is not None]
    open_map(driver, path)
    shown = driver.execute_script(OPEN_ALL_JS)
    time.sleep(1.0)  # img onerror / svg onload fire asynchronously
    assert no_alert(driver), "a JavaScript dialog is open"
    page = driver.execute_script(INJECTED_JS)
    assert shown["maps"] == 1
    assert shown["features"] == len(located)
    assert len(shown["popups"]) == len(located), "some popups did not open"
    assert page["pwned"] == "undefined", "a payload ran: window.__pwned is set"
    assert page["dialogs"] == [], f"a payload opened a dialog: {page['dialogs']}"
    assert page["found"] == [], f"injected elements in the page: {page['found']}"
    assert page["scripts"] == script_tags(path), "script elements were added to the page"
    assert RLO not in page["text"], "a bidi override reached the page text"
    assert severe_messages(driver) == []
    return {"popups": shown["popups"], "tooltips": shown["tooltips"], "text": page["text"]}


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def example_events() -> list[Event]:
    return run([EXAMPLES]).events


def test_offline_example_map(driver: Any, example_events: list[Event], tmp_path: Path) -> None:
    located = [e for e in example_events if e.location is not None]
    assert located, "the example articles gave no located events"
    path = tmp_path / "examples.html"
    save_map(make_map(example_events, offline=True, title="geomap examples"), path)

    open_map(driver, path)
    assert severe_messages(driver) == []

    remote = driver.execute_script(
        "return Array.from(document.querySelectorAll('script[src], link[href], img[src]'))"
        ".map(function (e) { return e.src || e.href; })"
        ".filter(function (u) { return /^(https?:)?\\/\\//.test(u); });"
    )
    assert remote == [], f"the offline map loads network resources: {remote}"

    overlays = driver.execute_script(
        "return Array.from(document.querySelectorAll("
        "'.leaflet-control-layers-overlays label')).map(function (l) {"
        "  var box = l.querySelector('input');"
        "  return [l.textContent.trim(), !!(box && box.checked)]; });"
    )
    categories = {e.category for e in located}
    assert len(overlays) == len(categories), (overlays, sorted(categories))
    labels = [text for text, _ in overlays]
    for cat in categories:
        name = CATEGORIES[cat].label if cat in CATEGORIES else cat
        count = sum(e.category == cat for e in located)
        assert f"{name} ({count})" in labels, (name, labels)
    assert all(checked for _, checked in overlays), "an event layer is hidden at start"

    drawn = driver.execute_script(
        "return document.querySelectorAll('.geomap-dot, .geomap-cluster').length"
        " + document.querySelectorAll('.leaflet-overlay-pane canvas').length;"
    )
    assert drawn > 0, "no event marker, cluster or vector canvas in the page"

    png = driver.get_screenshot_as_png()
    colours, dominant = colour_stats(png)
    assert colours > 40, f"screenshot looks blank: {colours} colours"
    assert dominant < 0.9, f"screenshot looks blank: one colour covers {dominant:.0%}"


HOSTILE_ARTICLE = f"""Title: <script>window.__pwned=1</script> Raids `${{window.__pwned=1}}`
Date: 2024-02-16
URL: javascript:window.__pwned=1

Rebels shelled <img src=x onerror="window.__pwned=1"> positions near Aleppo on Monday, \
killing 4 people, said `${{window.__pwned=1}}` </script><script>window.__pwned=1</script>.

Russian warplanes carried out air strikes on villages in Syria's Idlib province on Tuesday, \
killing at least 7 civilians <svg onload=window.__pwned=1>, said <b onmouseover=alert(1)>\
Ali{RLO}gpj.exe</b>.

Government artillery shelled the outskirts of Ariha{RLO} on Wednesday, \
a statement signed `${{alert(document.domain)}}` said.

Turkish and Russian troops conducted a joint patrol along the M4 highway on Thursday \
near Saraqib <iframe src="javascript:window.__pwned=1"></iframe>.
"""


def test_hostile_article_is_inert(driver: Any, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    events = run([article]).events
    assert any(e.location is not None for e in events), "no located event in the article"
    assert any("<img" in e.sentence or "<svg" in e.sentence for e in events)

    # offline only: the online map's Leaflet comes from a CDN, and the tests run without network
    path = tmp_path / "hostile.html"
    save_map(make_map(events, offline=True, title=PAYLOADS[0] + PAYLOADS[2]), path)
    seen = assert_inert(driver, path, events)
    # the payloads are shown as text, not dropped
    assert any("onerror=" in p or "onload=" in p for p in seen["popups"]), seen["popups"]


def _hostile_csv(path: Path) -> None:
    header = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
              "sub_event_type", "actor1", "assoc_actor_1", "actor2", "iso", "country", "admin1",
              "location", "latitude", "longitude", "geo_precision", "source", "notes",
              "fatalities", "tags"]  # fmt: skip
    base = {
        "event_id_cnty": "X1", "event_date": "2024-02-12", "year": "2024",
        "time_precision": "1", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "HTS", "assoc_actor_1": "", "actor2": "", "iso": "760", "country": "Syria",
        "admin1": "Idlib", "location": "Idlib", "latitude": "35.9306", "longitude": "36.6339",
        "geo_precision": "1", "source": "https://example.org/a", "notes": "Clash.",
        "fatalities": "0", "tags": "",
    }  # fmt: skip
    rows = [
        {"event_id_cnty": "X1<script>window.__pwned=1</script>",
         "actor1": '<img src=x onerror="window.__pwned=1">',
         "actor2": "`${window.__pwned=1}`",
         "location": f"Id{RLO}bil <script>window.__pwned=1</script>",
         "notes": "Rebels clashed </script><script>window.__pwned=1</script> near Idlib."},
        {"event_id_cnty": "X2", "event_date": "2024-02-13",
         "event_type": '<img src=x onerror="window.__pwned=1">',
         "sub_event_type": "${alert(1)}",
         "actor1": f"Ali{RLO}gpj.exe `${{alert(1)}}`", "assoc_actor_1": "<svg onload=alert(1)>",
         "location": "Ariha", "latitude": "35.8133", "longitude": "36.6083",
         "source": 'https://example.org/"><img src=x onerror=window.__pwned=1>',
         "notes": f"Shelling{RLO} hit <b onmouseover=alert(1)>Ariha</b> `${{alert(1)}}`."},
        {"event_id_cnty": "X3", "event_date": "2024-02-14",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "actor1": "</script><script>alert(1)</script>", "admin1": "<i>Aleppo</i>",
         "location": "'><img src=x onerror=window.__pwned=1>", "latitude": "36.2021",
         "longitude": "37.1343", "source": "javascript:window.__pwned=1",
         "notes": "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
         "tags": "<script>window.__pwned=1</script>"},
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({**base, **row})


def test_hostile_acled_csv_is_inert(driver: Any, tmp_path: Path) -> None:
    table = tmp_path / "hostile.csv"
    _hostile_csv(table)
    result = run([table])
    assert len(result.events) == 3, result.summary()
    for color_by in ("category", "actor"):  # actor names become layer names
        path = tmp_path / f"hostile-{color_by}.html"
        save_map(make_map(result.events, offline=True, color_by=color_by,
                          title=PAYLOADS[1]), path)  # fmt: skip
        seen = assert_inert(driver, path, result.events)
        assert any("<script>" in p for p in seen["popups"]), "payload text not shown"
        assert any("onerror=" in t for t in seen["tooltips"] + [seen["text"]])
