"""Build the cached geography and copy the map's assets before the app starts."""

from __future__ import annotations

import argparse
import time

from geo.boundaries import english_councils, load_council_geography
from geo.councils import FEATURED_CODES
from maps.assets import ensure_static_assets
from maps.england import prepare_england, publish_england_layers
from maps.static import STATIC_ROOT
from market.england_homes import england_homes


def prepare() -> None:
    """Copy Leaflet into static/, build England's and the featured councils'
    geography caches and write the England overview's layers, so no visitor waits."""
    started = time.perf_counter()
    ensure_static_assets(STATIC_ROOT)
    councils = {council.code: council for council in english_councils()}
    for code in FEATURED_CODES:
        load_council_geography(councils[code])
    prepare_england()
    publish_england_layers(england_homes())
    elapsed = time.perf_counter() - started
    print(f"Geography ready for {len(councils)} councils in {elapsed:.1f} s")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line (only --help) and prepare."""
    parser = argparse.ArgumentParser(
        prog="python -m maps.prepare",
        description=(
            "Build England's geography cache, the four featured councils' geography and the "
            "England overview's map layers, and copy the map's scripts into static/, so that "
            "no visitor waits for them. Takes about a minute the first time; later runs "
            "reuse the cache (CMM_CACHE_DIR, default .cache/geo)."
        ),
    )
    parser.parse_args(argv)
    prepare()


if __name__ == "__main__":
    main()
