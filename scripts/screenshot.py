"""Render a map to PNG with headless Chromium (no Selenium needed).

    python scripts/screenshot.py                      # docs/screenshot.png of the reference map
    python scripts/screenshot.py outputs/demo.html -o demo.png
    python scripts/screenshot.py geomap/examples -o examples.png --title "Examples"

An ``.html`` input is screenshotted as it is. Any other inputs (articles,
folders, event tables) go through ``geomap.pipeline.run`` and are drawn with
``make_map(..., offline=True)`` first. Without inputs the reference article
``../shared/corpus/000_3bf0b783fa0966cb.txt`` is used when it exists, else the
bundled example articles, and the picture goes to ``docs/screenshot.png``
(framed on north-west Syria, Turkey and Sochi, where the article's events are;
``--bounds`` changes the frame, ``--bounds fit`` keeps the map's own fit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "corpus" / "000_3bf0b783fa0966cb.txt"
REFERENCE_DATE = dt.date(2021, 9, 28)  # the reference article has no Date: header
EXAMPLES = REPO / "geomap" / "examples"
DEFAULT_OUT = REPO / "docs" / "screenshot.png"
#: south, west, north, east of the docs picture: Idlib, the M4, Afrin, Turkey and Sochi.
REFERENCE_BOUNDS = (34.6, 33.0, 44.2, 41.5)
MAX_BYTES = 400_000

CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
    "--mute-audio", "--disable-extensions", "--disable-default-apps",
)  # fmt: skip


def find_chromium() -> str:
    """Path of a Chromium/Chrome binary; SystemExit with a hint when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("no chromium found: run `make browser` (apt-get install chromium)")


def _framed_copy(page: Path, bounds: tuple[float, float, float, float], folder: Path) -> Path:
    """A copy of ``page`` (next to nothing else: a map is self-contained) that fits
    its Leaflet map to ``bounds`` (south, west, north, east) once loaded."""
    south, west, north, east = bounds
    # after the page's own (animated) fitBounds has finished: Leaflet ignores a zoom
    # requested while another zoom animation runs
    script = (
        "<script>setTimeout(function () { Object.keys(window).forEach(function (k) {"
        " var v = window[k]; if (window.L && v instanceof L.Map) {"
        f" v.fitBounds([[{south}, {west}], [{north}, {east}]], {{animate: false}}); }} }});"
        " }, 1000);</script>"
    )
    html = page.read_text(encoding="utf-8")
    cut = html.lower().rfind("</html>")
    html = html[:cut] + script + html[cut:] if cut >= 0 else html + script
    copy = folder / page.name
    copy.write_text(html, encoding="utf-8")
    return copy


def screenshot(
    html: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1280, 800),
    bounds: tuple[float, float, float, float] | None = None,
    budget_ms: int = 5000,
    chromium: str | None = None,
    timeout: float = 120.0,
) -> Path:
    """Screenshot the page ``html`` (a local file) to the PNG ``out``; returns ``out``.

    ``bounds`` (south, west, north, east) re-frames the map before the picture.
    """
    page = Path(html).resolve()
    if not page.is_file():
        raise FileNotFoundError(f"no such map: {page}")
    target = Path(out).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geomap-chromium-") as profile:
        tmp_png = Path(profile) / "shot.png"
        if bounds is not None:
            page = _framed_copy(page, bounds, Path(profile))
        cmd = [
            chromium or find_chromium(), *CHROME_FLAGS, f"--user-data-dir={profile}/profile",
            f"--screenshot={tmp_png}", f"--window-size={size[0]},{size[1]}",
            f"--virtual-time-budget={budget_ms}", page.as_uri(),
        ]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not tmp_png.exists() or tmp_png.stat().st_size == 0:
            raise RuntimeError(
                f"chromium failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}"
            )
        shutil.move(str(tmp_png), target)
    return target


def render_inputs(inputs: Sequence[str | os.PathLike[str]], html: Path, *,
                  title: str | None, date: dt.date | None) -> str:
    """Run the pipeline on ``inputs`` and save their offline map to ``html``; a summary."""
    from geomap.explore import make_map, save_map
    from geomap.pipeline import run

    result = run(list(inputs), date=date)
    save_map(make_map(result.events, offline=True, title=title), html)
    return result.summary()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="a map .html, or articles/folders/tables")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", default="1280,800", help="window WIDTH,HEIGHT")
    parser.add_argument("--budget", type=int, default=5000, help="virtual time budget (ms)")
    parser.add_argument("--title", help="map title (when the map is built here)")
    parser.add_argument("--date", type=dt.date.fromisoformat,
                        help="publication date anchoring relative dates (YYYY-MM-DD)")
    parser.add_argument("--bounds", help="SOUTH,WEST,NORTH,EAST to frame, or 'fit'")
    parser.add_argument("--keep-html", type=Path, help="also keep the generated map here")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split(","))

    inputs: list[str] = list(args.inputs)
    date, title = args.date, args.title
    bounds: tuple[float, float, float, float] | None = None
    if args.bounds and args.bounds != "fit":
        s, w, n, e = (float(v) for v in args.bounds.split(","))
        bounds = (s, w, n, e)
    if not inputs:
        if REFERENCE.is_file():
            inputs, date = [str(REFERENCE)], date or REFERENCE_DATE
            if args.bounds is None:
                bounds = REFERENCE_BOUNDS
            title = title or "Turkish, Russian leaders to meet on Idlib (reference article)"
        else:
            inputs, title = [str(EXAMPLES)], title or "geomap example articles"

    with tempfile.TemporaryDirectory(prefix="geomap-shot-") as tmp:
        if len(inputs) == 1 and inputs[0].lower().endswith((".html", ".htm")):
            page = Path(inputs[0])
        else:
            page = args.keep_html or Path(tmp) / "map.html"
            print(render_inputs(inputs, page, title=title, date=date), file=sys.stderr)
        out = screenshot(page, args.output, size=(width, height), bounds=bounds,
                         budget_ms=args.budget)
    size = out.stat().st_size
    print(f"wrote {out} ({size / 1000:.0f} kB)")
    if size > MAX_BYTES and out.resolve() == DEFAULT_OUT.resolve():
        print(f"warning: {out} is larger than {MAX_BYTES // 1000} kB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
