"""Build the cached geography and copy the map's assets before the app starts."""

from __future__ import annotations

import time
from pathlib import Path

from geo.boundaries import english_councils, load_council_geography
from geo.councils import FEATURED_CODES
from geo.mapassets import ensure_static_assets

APP_DIR = Path(__file__).resolve().parent.parent


def prepare() -> None:
    """Copy Leaflet and jQuery into static/ and build England's and the featured councils'
    geography caches, so the first visitor does not wait."""
    started = time.perf_counter()
    ensure_static_assets(APP_DIR / "static")
    councils = {council.code: council for council in english_councils()}
    for code in FEATURED_CODES:
        load_council_geography(councils[code])
    elapsed = time.perf_counter() - started
    print(f"Geography ready for {len(councils)} councils in {elapsed:.1f} s")


if __name__ == "__main__":
    prepare()
