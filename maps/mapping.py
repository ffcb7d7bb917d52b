"""Folium layers for a council: outline, districts, MSOAs, LSOAs, places and a postcode."""

from __future__ import annotations

import html
import json
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.boundaries import CouncilGeography
from geo.postcodes import PostcodeLookup
from maps.assets import use_local_assets
from maps.basemap import configured_basemap
from maps.geojson import point_collection
from maps.static import STATIC_ROOT, publish_json
from maps.templates import protect_rendered_text

protect_rendered_text()

# Okabe-Ito colours: distinguishable with the common forms of colour-blindness.
OUTLINE_COLOUR = "#000000"
DISTRICT_COLOUR = "#D55E00"
MSOA_COLOUR = "#0072B2"
LSOA_COLOUR = "#56B4E9"
PLACE_COLOUR = "#333333"
POSTCODE_COLOUR = "#CC79A7"
ZONE_COLOUR = "#009E73"
LABELLED_PLACES = 10
LAND_OVER_BASEMAP = 0.3
# Plain background and light labels: the map must read on a projector and in print
# without a basemap, and labels must not hide the areas under them.
MAP_CSS = f"""
.leaflet-container {{ background: #e9ecef; font: 13px/1.3 "Source Sans Pro", sans-serif; }}
.cmm-label-at {{ width: 0; height: 0; }}
.cmm-label {{ position: absolute; white-space: nowrap; pointer-events: none;
  font-weight: 600; color: #111; }}
.cmm-label-right {{ left: 6px; transform: translateY(-50%); }}
.cmm-label-center {{ transform: translate(-50%, -50%); }}
.cmm-place-label {{ text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }}
.cmm-zone-label {{ background: rgba(255,255,255,.85); border: 1px solid {ZONE_COLOUR};
  border-radius: 3px; padding: 2px 6px; }}
.leaflet-control-layers {{ font-size: 14px; }}
.leaflet-control-layers-list {{ max-height: calc(100vh - 60px); overflow-y: auto; }}
@media (max-width: 480px) {{
  .leaflet-control-layers {{ font-size: 11px; }}
  .cmm-place-label {{ font-size: 11px; }}
  .cmm-minor-label {{ display: none; }}
}}
"""
# On touch screens one finger scrolls the page and two fingers move the map, so a phone
# user is never trapped inside it; the mouse wheel scrolls the page everywhere.
TOUCH_FRIENDLY_JS = """
{% macro script(this, kwargs) %}
if (L.Browser.mobile) { {{ this._parent.get_name() }}.dragging.disable(); }
{% endmacro %}
"""
# Layer lists stay open. Leaflet sizes an open list to the map by measuring where the list
# sits, and that measure made the browser lay out the whole map again, at its first
# drawing and each time the layers are swapped (README, issue 15). The height limit in
# MAP_CSS does the same job with nothing measured.
UNMEASURED_LAYER_LIST_JS = """
{% macro script(this, kwargs) %}
L.Control.Layers.prototype.expand = function () {
  L.DomUtil.addClass(this._container, "leaflet-control-layers-expanded");
  this._checkDisabledLayers();
  return this;
};
{% endmacro %}
"""


def blank_map(*, height_px: int = 600, **options) -> folium.Map:
    """Return an empty map with this app's look: a scale, plain background (or the
    configured basemap, maps/basemap.py), no wheel zoom and one-finger page scrolling on
    phones. `options` go to folium.Map."""
    fmap = folium.Map(
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        height=height_px,
        scroll_wheel_zoom=False,
        **options,
    )
    fmap.get_root().header.add_child(folium.Element(f"<style>{MAP_CSS}</style>"))
    for script in (TOUCH_FRIENDLY_JS, UNMEASURED_LAYER_LIST_JS):
        setup = MacroElement()
        setup._template = Template(script)
        fmap.add_child(setup)
    if (basemap := configured_basemap()) is not None:
        # An overlay, so the layer control can switch it off.
        folium.TileLayer(
            tiles=basemap.url,
            attr=basemap.attribution_html,
            name=f"Basemap: {basemap.name}",
            overlay=True,
            control=True,
            show=True,
            max_zoom=19,
        ).add_to(fmap)
    return fmap


def build_council_map(
    geography: CouncilGeography,
    *,
    layers: Iterable[folium.FeatureGroup] = (),
    layer_control: bool = True,
    height_px: int = 600,
    towns: bool = True,
    neighbourhoods: bool = True,
) -> folium.Map:
    """Return a map of the council with toggleable small-area layers, fitted to its outline.

    `layers` go on top of the council's own. The layer control comes last, because its
    script names every layer already on the map; pass `layer_control=False` when the
    caller adds layers later (components.map_view.render_map then adds the control).
    Without `neighbourhoods` their outlines start hidden, fetched when first shown, as
    small areas' are, and drawn as lines only that take no clicks or hovers: for a map
    that shades the neighbourhoods in a layer of its own (the care homes map). Fetched,
    they are drawn over that map's own layers, and must not hide their tooltips.
    """
    fmap = blank_map(height_px=height_px)
    outline = _parsed(geography.display_json["council"])
    _land_fill(outline).add_to(fmap)

    def shown(level: str) -> dict:
        return _parsed(geography.display_json[level])

    areas = [
        _area_layer(
            published_areas(geography, "lsoa"),
            "Small areas (LSOAs)",
            "cmm-lsoa",
            LSOA_COLOUR,
            0.6,
            False,
        ),
        _area_layer(
            shown("msoa") if neighbourhoods else published_areas(geography, "msoa"),
            "Neighbourhoods (MSOAs)",
            "cmm-msoa",
            MSOA_COLOUR,
            1.2,
            show=neighbourhoods,
            lines_only=not neighbourhoods,
        ),
    ]
    if len(geography.districts) > 1:
        areas.append(
            _area_layer(shown("district"), "Districts", "cmm-district", DISTRICT_COLOUR, 2.5)
        )
    for area_layer in areas:
        area_layer.add_to(fmap)
    _outline_layer(outline).add_to(fmap)
    _places_layer(geography.places, show=towns).add_to(fmap)
    for layer in layers:
        layer.add_to(fmap)
    if layer_control:
        folium.LayerControl(collapsed=False).add_to(fmap)
    fit_once(fmap, list(geography.bounds))
    return use_local_assets(fmap)


def fit_once(fmap: folium.Map, bounds: list) -> None:
    """Fit the map to `bounds` ([[south, west], [north, east]]) when its script has run,
    with no view before that.

    A folium map starts at a view of its own (zoom 1 at 0, 0), so Leaflet projected and
    drew every layer there, then again when fitted: the council map's script did its work
    twice (README, issue 15). With no starting view Leaflet holds each layer until the fit
    sets one, and projects and draws it once. components.map_view keeps this when a page
    gives its own centre and zoom instead.
    """
    fmap.fit_bounds(bounds)
    fmap.location = None


@lru_cache(maxsize=64)
def _parsed(geojson: str) -> dict:
    # Parsed once per process and shared: folium only reads a layer's data, and parsing
    # the same few hundred polygons on every rerun was the map's largest server cost.
    return json.loads(geojson)


def _area_layer(
    areas: dict | LayerFile,
    title: str,
    css_class: str,
    colour: str,
    weight: float,
    show: bool = True,
    *,
    lines_only: bool = False,
) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=title, show=show)
    style = {
        "color": colour,
        "weight": weight,
        "fillColor": colour,
        "fillOpacity": 0.04,
        "className": css_class,
    }
    options = {
        "style_function": lambda _feature: style,
        "highlight_function": lambda _feature: {"weight": weight + 2, "fillOpacity": 0.15},
        "tooltip": folium.GeoJsonTooltip(fields=["name"], aliases=[title.split(" (")[0] + ":"]),
        "smooth_factor": 1.0,
    }
    if lines_only:
        style = {**style, "fill": False}
        options = {
            "style_function": lambda _feature: style,
            "interactive": False,
            "smooth_factor": 1.0,
        }
    if isinstance(areas, LayerFile):
        OnDemandGeoJson(areas, **options).add_to(group)
    else:
        folium.GeoJson(areas, **options).add_to(group)
    return group


# -- Layers whose features the browser fetches -----------------------------------------


@dataclass(frozen=True)
class LayerFile:
    """A GeoJSON FeatureCollection (or England's small areas' index) in the static folder:
    where it is served, one of its features, and how many there are."""

    url: str
    sample: dict
    features: int


# The folder under the static folder for the county maps' small areas.
AREAS_FOLDER = "areas"


def published_areas(geography: CouncilGeography, level: str) -> LayerFile | dict:
    """Publish the council's areas of a level ("lsoa", "msoa") as drawn on its maps, for
    a layer that fetches them when first shown; return where they are.

    A static folder that cannot be written (full, read-only) costs the speed only: the
    areas are then written into the map as before.
    """
    text = geography.display_json[level]
    name = f"{level}s-{geography.council.code}"
    try:
        url = publish_json(AREAS_FOLDER, name, text, STATIC_ROOT)
    except OSError:
        return _parsed(text)
    features = _parsed(text)["features"]
    return LayerFile(url, features[0], len(features))


# What folium writes to fetch a linked file (folium 0.20): a request that stops the page.
_SYNCHRONOUS_LOAD = re.compile(
    r"\$\.ajax\((\"[^\"]+\"), \{dataType: 'json', async: false\}\)\s*\.done\((\w+)\);"
)


class FetchedGeoJson(folium.GeoJson, ABC):
    """A folium GeoJson layer whose features the browser fetches from this server, by the
    script `load` returns, in place of folium's own synchronous request (which needs jQuery
    and stops the page while it waits).

    Folium needs features in Python only to check tooltip fields and work out styles;
    one sample feature does for both, because every such layer here has one style for all
    its features.
    """

    def __init__(self, layer: LayerFile, **kwargs):
        self._layer = layer
        super().__init__(layer.url, embed=False, **kwargs)

    def process_data(self, data: object) -> dict:
        """Point the browser at the file; keep only the sample feature in Python."""
        self.embed_link = self._layer.url
        return {"type": "FeatureCollection", "features": [self._layer.sample]}

    @abstractmethod
    def load(self, url: str, add: str) -> str:
        """Return the script that fetches `url` (a JavaScript string) and calls `add`."""

    def render(self, **kwargs) -> None:
        super().render(**kwargs)
        figure = self.get_root()
        script = figure.script._children[self.get_name()].render()
        loaded, count = _SYNCHRONOUS_LOAD.subn(
            lambda found: self.load(found.group(1), found.group(2)), script
        )
        if count != 1:
            raise RuntimeError("folium's GeoJson no longer loads a linked file as expected")
        figure.script.add_child(Element(loaded), name=self.get_name())


class OnDemandGeoJson(FetchedGeoJson):
    """Features fetched the first time the reader shows the layer, not before.

    The county maps' small areas start hidden. Written into the map they were 142 of
    the County Durham map's 245 kB, read and built by every new visitor's browser before
    the map was painted, though most readers never show them (README, issue 15).
    """

    def load(self, url: str, add: str) -> str:
        figure = self.get_root()
        figure.header.add_child(Element(_FETCH_WHEN_SHOWN), name="cmm_fetch_when_shown")
        return f"cmmFetchWhenShown({self._parent.get_name()}, {url}, {add});"


_FETCH_WHEN_SHOWN = """<script>
function cmmFetchWhenShown(group, url, add) {
    var asked = false;
    function fetchOnce() {
        if (asked) { return; }
        asked = true;
        fetch(url).then(function (response) {
            if (!response.ok) { throw new Error(url + ": " + response.status); }
            return response.json();
        }).then(add).catch(function (error) {
            asked = false;  // shown again, it asks again
            console.error("Map layer not loaded:", error);
        });
    }
    group.on("add", fetchOnce);
}
</script>"""


def _land_fill(boundary: dict) -> folium.GeoJson:
    # The council itself in white on the grey background; not a toggleable layer. Over a
    # basemap it is only a light wash, so roads and rivers show through.
    opacity = LAND_OVER_BASEMAP if configured_basemap() else 1
    return folium.GeoJson(
        boundary,
        style_function=lambda _feature: {
            "stroke": False,
            "fillColor": "#ffffff",
            "fillOpacity": opacity,
        },
        control=False,
        interactive=False,
    )


def _outline_layer(boundary: dict) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Council boundary", show=True)
    style = {"color": OUTLINE_COLOUR, "weight": 3, "fill": False, "className": "cmm-boundary"}
    folium.GeoJson(
        boundary,
        style_function=lambda _feature: style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["Council:"]),
    ).add_to(group)
    return group


# Each feature's label is a marker of its own, added and removed with the feature: a
# zero-sized box at the point holding the text, which CSS places beside or over the
# point. A permanent tooltip (Leaflet's usual label) measures itself to find its place,
# and each measure made the browser lay out the whole map again: with the layer list's,
# 14 layouts of the care homes map before it was painted (README, issue 15). CSS needs
# no measure, and still holds when leaflet.css arrives after the map is drawn. Leaflet
# puts the text into the page as HTML, so labels are escaped in Python before they are
# written as data.
LABEL_JS = folium.JsCode(
    """function (feature, layer) {
  var p = feature.properties;
  var text = document.createElement("span");
  text.className = "cmm-label cmm-label-" + p.direction + " " + p.css;
  text.innerHTML = p.label;
  var label = L.marker(layer.getLatLng(), {
    icon: L.divIcon({className: "cmm-label-at", html: text, iconSize: null}),
    interactive: false, keyboard: false, pane: "tooltipPane"
  });
  layer.on("add", function () { label.addTo(layer._map); });
  layer.on("remove", function () { label.remove(); });
}"""
)


def label_layer(
    lon: pd.Series,
    lat: pd.Series,
    labels: pd.Series,
    css: pd.Series,
    *,
    marker: folium.CircleMarker,
    direction: str,
) -> folium.GeoJson:
    """Return points whose labels stay on screen, as one GeoJson layer (not a folium
    element each: each label is a Leaflet marker made in the browser, `LABEL_JS`).

    `labels` are plain text (escaped here); `css` gives each label its CSS class.
    """
    properties = pd.DataFrame(
        {
            "label": [html.escape(str(label)) for label in labels],
            "css": list(css),
            "direction": direction,
        }
    )
    return folium.GeoJson(
        point_collection(lon, lat, properties), marker=marker, on_each_feature=LABEL_JS
    )


def _places_layer(places: gpd.GeoDataFrame, *, show: bool = True) -> folium.FeatureGroup:
    # One GeoJson layer for the many small places, and one for the largest with their
    # names, rather than a marker each: every folium element costs template renders on
    # every rerun, and a county has a hundred or more places. The small places go in as
    # GeoJSON text: given a GeoDataFrame, folium reprojects and serialises it on every run
    # (about 15 ms of each county map's run, most of this layer's cost).
    group = folium.FeatureGroup(name="Towns and villages", show=show)
    rest = places.iloc[LABELLED_PLACES:]
    if not rest.empty:
        folium.GeoJson(
            point_collection(rest["lon"], rest["lat"], rest[["name"]]),
            marker=folium.CircleMarker(radius=2.5, color=PLACE_COLOUR, weight=1, fill=True),
            style_function=lambda _feature: {"className": "cmm-place", "fillOpacity": 0.9},
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        ).add_to(group)
    largest = places.iloc[:LABELLED_PLACES]
    if not largest.empty:
        # Phones keep only the five largest names; the rest would overlap.
        css = [
            "cmm-place-label" + (" cmm-minor-label" if r >= 5 else "") for r in range(len(largest))
        ]
        label_layer(
            largest["lon"],
            largest["lat"],
            largest["name"],
            pd.Series(css),
            marker=folium.CircleMarker(
                radius=4,
                color=PLACE_COLOUR,
                weight=1,
                fill=True,
                fill_opacity=0.9,
                class_name="cmm-place",
            ),
            direction="right",
        ).add_to(group)
    return group


def postcode_layer(lookup: PostcodeLookup) -> folium.FeatureGroup:
    """Return a layer marking a found postcode, to pass to the map as an extra layer."""
    group = folium.FeatureGroup(name="Postcode", show=True)
    if lookup.found:
        marker = folium.CircleMarker(
            location=(lookup.lat, lookup.lon),
            radius=9,
            color="#000000",
            weight=2,
            fill=True,
            fill_color=POSTCODE_COLOUR,
            fill_opacity=0.95,
            class_name="cmm-postcode",
        )
        folium.Tooltip(lookup.postcode, permanent=True, direction="top").add_to(marker)
        marker.add_to(group)
    return group


# Leaflet's tiles are 256 CSS pixels square at every zoom.
TILE_SIZE_PX = 256


def fit_zoom(
    bounds: tuple[float, float, float, float], size_px: tuple[int, int] = (340, 480)
) -> float:
    """Return the zoom that fits WGS84 bounds (west, south, east, north) in a map of
    `size_px` (width, height) CSS pixels, a quarter step out for a margin, 7 to 13."""
    width_px, height_px = size_px
    west, south, east, north = bounds
    middle = math.radians((south + north) / 2)
    lon_span = max(east - west, 1e-4)
    lat_span = max((north - south) / math.cos(middle), 1e-4)
    fits = [
        math.log2(width_px * 360 / (TILE_SIZE_PX * lon_span)),
        math.log2(height_px * 360 / (TILE_SIZE_PX * lat_span)),
    ]
    # A quarter step out leaves a margin round the outline.
    return max(7.0, min(13.0, math.floor(min(fits) * 4) / 4 - 0.25))


def view_for(
    bounds: tuple[float, float, float, float], size_px: tuple[int, int]
) -> dict[str, tuple[float, float] | float]:
    """Return the `center` and `zoom` that show WGS84 bounds (west, south, east, north)."""
    west, south, east, north = bounds
    return {"center": ((south + north) / 2, (west + east) / 2), "zoom": fit_zoom(bounds, size_px)}
