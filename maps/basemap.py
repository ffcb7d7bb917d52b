"""An optional basemap under every map: none unless a tile server is configured.

Off (the default), a map is drawn on a plain background and makes no request beyond this
app, so offline deployments and the tests draw exactly as without this module. On, the
tiles load from the configured server and the council's own fill turns translucent so
roads, rivers and settlements show through. Set `CMM_BASEMAP` to:

- `none` (or leave it unset): no basemap;
- `osm`: OpenStreetMap's standard tiles, with their attribution;
- a tile URL template such as `https://tiles.example.org/{z}/{x}/{y}.png`, with
  `CMM_BASEMAP_ATTRIBUTION` saying whose tiles they are (plain text).

A setting that cannot be used is refused with a sentence in the server's log, and maps are
drawn without a basemap (docs/deployment.md).
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

SETTING = "CMM_BASEMAP"
ATTRIBUTION_SETTING = "CMM_BASEMAP_ATTRIBUTION"
_OFF = {"", "none", "off"}
_PLACEHOLDERS = ("{z}", "{x}", "{y}")
# Letters, digits and the punctuation a tile URL uses; no quotes, spaces or angle brackets.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%{}]+")
MAX_ATTRIBUTION = 200


@dataclass(frozen=True)
class Basemap:
    """A tile server: its URL template, its attribution (HTML for Leaflet) and a name."""

    url: str
    attribution_html: str
    name: str


OPENSTREETMAP = Basemap(
    url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attribution_html=(
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    ),
    name="OpenStreetMap",
)


class BasemapSettingError(ValueError):
    """A basemap setting that cannot be used, and why."""


def basemap_from(setting: str | None, attribution: str | None = None) -> Basemap | None:
    """Return the basemap a setting names, or None for none; raise BasemapSettingError
    saying what is wrong with a setting that cannot be used."""
    value = (setting or "").strip()
    if value.casefold() in _OFF:
        return None
    if value.casefold() in ("osm", "openstreetmap"):
        return OPENSTREETMAP
    where = f"{SETTING}={value[:80]!r}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BasemapSettingError(
            f"{where}: expected none, osm or a tile URL starting https:// (or http://)"
        )
    if not _URL_CHARACTERS.fullmatch(value):
        raise BasemapSettingError(f"{where}: the URL holds a space, quote or angle bracket")
    missing = [p for p in _PLACEHOLDERS if p not in value]
    if missing:
        raise BasemapSettingError(f"{where}: a tile URL needs {', '.join(missing)} in it")
    text = " ".join((attribution or "").split())
    if not text:
        raise BasemapSettingError(
            f"{where}: say whose tiles they are in {ATTRIBUTION_SETTING} (their licence asks)"
        )
    if len(text) > MAX_ATTRIBUTION:
        raise BasemapSettingError(
            f"{ATTRIBUTION_SETTING}: expected at most {MAX_ATTRIBUTION} characters"
        )
    return Basemap(value, html.escape(text), parts.netloc)


@cache
def _configured(setting: str | None, attribution: str | None) -> Basemap | None:
    try:
        return basemap_from(setting, attribution)
    except BasemapSettingError as error:
        logger.error("No basemap: %s", error)
        return None


def configured_basemap(environ: Mapping[str, str] | None = None) -> Basemap | None:
    """Return the basemap this server is configured with, or None (the default)."""
    environ = os.environ if environ is None else environ
    return _configured(environ.get(SETTING), environ.get(ATTRIBUTION_SETTING))
