#!/usr/bin/env python3
"""Regenerate ``geomap/static/``: the Leaflet copy inlined by offline maps.

Runs ``npm pack leaflet@1.9.4 leaflet.markercluster@1.5.3
@fortawesome/fontawesome-free@6.2.0`` in a temporary folder, then copies the
minified JS and CSS into ``geomap/static/``, and Font Awesome's solid font with
its icon table (the version folium loads online, so the icon names agree). The copy is
derived, not verbatim: ``url(images/….png)`` references in leaflet.css become
``data:`` URIs (so an offline page fetches nothing) and ``sourceMappingURL``
comments are removed. Licences are copied next to the files.

Usage: python scripts/vendor_leaflet.py  (needs ``npm`` on PATH)
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGES = {
    "leaflet": "1.9.4",
    "leaflet.markercluster": "1.5.3",
    "@fortawesome/fontawesome-free": "6.2.0",
}
STATIC = Path(__file__).resolve().parent.parent / "geomap" / "static"
SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
CSS_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")


def _unpack(spec: str, workdir: Path) -> Path:
    """``npm pack`` one package and extract it; returns its ``package`` folder."""
    out = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True, text=True
    )
    tgz = workdir / out.stdout.strip().splitlines()[-1]
    dest = workdir / spec.replace("@", "-").replace("/", "-")
    with tarfile.open(tgz) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def _inline_images(css: str, base: Path) -> str:
    def repl(m: re.Match[str]) -> str:
        data = base64.b64encode((base / m.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return CSS_URL.sub(repl, css)


def _copy_js(src: Path, dest: Path) -> None:
    dest.write_text(SOURCE_MAP.sub("\n", src.read_text(encoding="utf-8")), encoding="utf-8")


def main() -> None:
    STATIC.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        leaflet = _unpack(f"leaflet@{PACKAGES['leaflet']}", work)
        cluster = _unpack(f"leaflet.markercluster@{PACKAGES['leaflet.markercluster']}", work)

        _copy_js(leaflet / "dist" / "leaflet.js", STATIC / "leaflet.js")
        css = (leaflet / "dist" / "leaflet.css").read_text(encoding="utf-8")
        (STATIC / "leaflet.css").write_text(_inline_images(css, leaflet / "dist"), "utf-8")
        shutil.copyfile(leaflet / "LICENSE", STATIC / "LICENSE.leaflet")

        _copy_js(cluster / "dist" / "leaflet.markercluster.js", STATIC / "leaflet.markercluster.js")
        for name in ("MarkerCluster.css", "MarkerCluster.Default.css"):
            shutil.copyfile(cluster / "dist" / name, STATIC / name)
        shutil.copyfile(cluster / "MIT-LICENCE.txt", STATIC / "LICENSE.leaflet.markercluster")

        fa_spec = "@fortawesome/fontawesome-free"
        fa = _unpack(f"{fa_spec}@{PACKAGES[fa_spec]}", work)
        shutil.copyfile(fa / "webfonts" / "fa-solid-900.woff2", STATIC / "fa-solid-900.woff2")
        shutil.copyfile(fa / "css" / "fontawesome.min.css", STATIC / "fontawesome.min.css")
        shutil.copyfile(fa / "LICENSE.txt", STATIC / "LICENSE.fontawesome")

    versions = "".join(f"{name} {version}\n" for name, version in PACKAGES.items())
    (STATIC / "VERSIONS").write_text(versions, encoding="utf-8")
    print(f"wrote {STATIC}")


if __name__ == "__main__":
    main()
