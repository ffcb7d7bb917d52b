"""The basemap switch: none unless configured, and then only the configured server."""

from __future__ import annotations

import re

import pytest

from maps.basemap import (
    ATTRIBUTION_SETTING,
    OPENSTREETMAP,
    SETTING,
    BasemapSettingError,
    basemap_from,
    configured_basemap,
)
from maps.mapping import build_council_map

CUSTOM = "https://tiles.example.org/styles/{z}/{x}/{y}.png?key=abc"


@pytest.mark.parametrize("setting", [None, "", "  ", "none", "NONE", "off"])
def test_no_setting_or_none_means_no_basemap(setting):
    assert basemap_from(setting) is None


def test_osm_means_openstreetmap_with_its_attribution():
    assert basemap_from("osm") == basemap_from("OpenStreetMap") == OPENSTREETMAP
    assert "OpenStreetMap</a> contributors" in OPENSTREETMAP.attribution_html


def test_a_tile_url_is_used_with_its_attribution_as_plain_text():
    basemap = basemap_from(CUSTOM, "Tiles <b>by</b> Example & Co")
    assert basemap.url == CUSTOM and basemap.name == "tiles.example.org"
    assert basemap.attribution_html == "Tiles &lt;b&gt;by&lt;/b&gt; Example &amp; Co"


@pytest.mark.parametrize(
    ("setting", "attribution", "said"),
    [
        ("javascript:alert(1)//{z}{x}{y}", "x", "expected none, osm or a tile URL"),
        ("ftp://tiles.example.org/{z}/{x}/{y}.png", "x", "expected none, osm or a tile URL"),
        ("tiles.example.org/{z}/{x}/{y}.png", "x", "expected none, osm or a tile URL"),
        ("https://tiles.example.org/{z}/{x}.png", "x", "needs {y}"),
        ('https://t.example.org/{z}/{x}/{y}.png"onload=', "x", "space, quote or angle"),
        ("https://t.example.org/{z}/{x}/{y}.png <script>", "x", "space, quote or angle"),
        (CUSTOM, "", f"say whose tiles they are in {ATTRIBUTION_SETTING}"),
        (CUSTOM, "x" * 201, "at most 200 characters"),
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_saying_why(setting, attribution, said):
    with pytest.raises(BasemapSettingError, match=re.escape(said)):
        basemap_from(setting, attribution)


def test_a_bad_setting_draws_no_basemap_and_says_why_in_the_log(caplog):
    assert configured_basemap({SETTING: "ftp://x/{z}/{x}/{y}"}) is None
    assert "No basemap: CMM_BASEMAP='ftp://x/{z}/{x}/{y}': expected none, osm" in caplog.text


def _rendered(durham) -> str:
    return build_council_map(durham).get_root().render()


def test_off_by_default_a_map_names_no_outside_address(durham, monkeypatch):
    monkeypatch.delenv(SETTING, raising=False)
    page = _rendered(durham)
    assert "L.tileLayer(" not in page
    # Only the attribution-free local assets: nothing a browser would fetch from outside.
    assert not re.findall(r"""(?:src|href)=["']https?://""", page)
    assert "tile.openstreetmap.org" not in page


def test_on_the_map_loads_the_configured_tiles_under_a_translucent_council(durham, monkeypatch):
    monkeypatch.setenv(SETTING, CUSTOM)
    monkeypatch.setenv(ATTRIBUTION_SETTING, "Example tiles")
    page = _rendered(durham)
    assert page.count("L.tileLayer(") == 1
    assert '"https://tiles.example.org/styles/{z}/{x}/{y}.png?key=abc"' in page
    assert "Example tiles" in page and '"Basemap: tiles.example.org"' in page
    assert '"fillOpacity": 0.3' in page
    monkeypatch.setenv(SETTING, "none")
    assert "L.tileLayer(" not in _rendered(durham)
