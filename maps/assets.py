"""Serve Leaflet from its installed XStatic package so maps draw with no internet.

Folium also asks for jQuery, Bootstrap and Awesome Markers, and no map frame here loads
them. Folium's own jQuery calls are in elements this app does not use (its `Popup`, a
linked GeoJSON file, `keep_in_front`, some plugins) or replaces: the selected zone's popup
is `maps.zone_layers.HtmlPopup`, England's linked files are fetched with `fetch`. A map
that used one would fail with "$ is not defined"; tests render the maps and find none.
"""

from __future__ import annotations

import filecmp
import shutil
from functools import cache
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xleaflet

from maps.static import STATIC_URL as SERVED_AT

# Leaflet's copy, in the app's static folder (maps.static).
STATIC_URL = f"{SERVED_AT}/vendor"
LOCAL_JS = (("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),)
LOCAL_CSS = (("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css"),)
_COPIES = (
    (Path(xleaflet.BASE_DIR) / "leaflet.js", Path("leaflet/leaflet.js")),
    (Path(xleaflet.BASE_DIR) / "leaflet.css", Path("leaflet/leaflet.css")),
    (Path(xleaflet.BASE_DIR) / "images", Path("leaflet/images")),
)


def ensure_static_assets(static_root: Path) -> None:
    """Copy the map's JavaScript and CSS from their packages into `static_root/vendor`.

    The folder is git-ignored. A file is copied only when it is missing or differs from the
    packaged one, so a package upgrade reaches the browser at the next start (copying
    Leaflet's images on every page's run took 10-100 ms of it on the server).
    """
    vendor = static_root / "vendor"
    for source, relative in _packaged_files():
        target = vendor / relative
        if not target.exists() or not filecmp.cmp(source, target, shallow=False):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


@cache
def ensure_static_assets_once(static_root: Path) -> None:
    """`ensure_static_assets`, once per server process (app.py runs on every page's run).

    Even comparing file sizes cost 10-20 ms of a run on a busy server (py-spy, bench/floor's
    visits): each `stat` lets the server's other threads take the interpreter lock.
    """
    ensure_static_assets(static_root)


def _packaged_files() -> list[tuple[Path, Path]]:
    """Each packaged file to serve and its path under the vendor folder (folders expanded)."""
    files = []
    for source, relative in _COPIES:
        if source.is_dir():
            files += [(path, relative / path.relative_to(source)) for path in source.rglob("*")]
        else:
            files.append((source, relative))
    return [(source, relative) for source, relative in files if source.is_file()]


def use_local_assets(fmap: folium.Map) -> folium.Map:
    """Point a map at the locally served Leaflet instead of CDNs.

    jQuery, Bootstrap and Awesome Markers are dropped: the app draws no icon markers and
    calls no jQuery. Any plugin
    that brings its own CDN files is refused, so an offline regression fails loudly.
    """
    fmap.default_js = list(LOCAL_JS)
    fmap.default_css = list(LOCAL_CSS)
    remote = [url for url in asset_urls(fmap) if not url.startswith("/")]
    if remote:
        raise ValueError(f"Map elements load files from the internet: {remote}")
    return fmap


def asset_urls(fmap: folium.Map) -> list[str]:
    """Return every JS and CSS URL the map's elements ask for, as st_folium collects them."""
    urls: list[str] = []
    pending = [fmap]
    while pending:
        element = pending.pop()
        urls += [url for _, url in getattr(element, "default_js", [])]
        urls += [url for _, url in getattr(element, "default_css", [])]
        pending.extend(getattr(element, "_children", {}).values())
    return urls
