"""England at a glance: councils, then small areas, shaded by postcode density, with care homes.

At England zoom a pixel is over a kilometre and most of the 32,844 small areas (LSOAs)
are a pixel or less, so up to zoom 8 the map shades the 153 councils: one shape per
colour class (the councils in it merged), their outlines on top with a tooltip each.
From zoom 9 a small script swaps in the small areas, whole and as shipped, fetched one
council's file at a time for the councils in view, in one layer per council styled by
a class property (no per-feature style). Council outlines are the same dissolved shapes
at every zoom. Care homes are dots on one canvas (one file per care type), that grow as the
map zooms in so the shading shows under them at England zoom. Every layer is a GeoJSON file
the browser fetches from the app's static folder, so the map's own HTML stays a few
kilobytes however many homes and areas it shows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import html
import json
import math
from dataclasses import dataclass
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.template import Template

from geo import cache
from geo.england import (
    DENSITY_CLASSES,
    ENGLAND_BOUNDS,
    MAX_ZOOM,
    SMALL_AREA_MIN_ZOOM,
    council_classes,
    council_shapes,
    shape_inputs,
    small_area_shapes,
)
from maps.assets import use_local_assets
from maps.mapping import FetchedGeoJson, LayerFile, blank_map, fit_once
from maps.static import STATIC_ROOT, STATIC_URL, publish_json, write_atomically
from maps.supply_layers import TYPE_COLOURS, TYPE_LABELS, LegendEntry
from market.england_homes import MEASURE_LABEL, council_summary

# ColorBrewer Purples (5 classes), light to dark: no home's colour is a purple, so the
# dots stay readable on top, and the lightest class stands out from the grey sea.
DENSITY_COLOURS = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
assert len(DENSITY_COLOURS) == DENSITY_CLASSES  # one colour per class of geo.england
COUNCIL_COLOUR = "#333333"
# A home's dot radius (px) from each zoom on: small at England zoom, where 14,000 dots
# would otherwise hide the shading, larger once zoomed in.
HOME_RADII = ((0, 1.0), (8, 1.4), (10, 2.2), (12, 3.2))
# Layer files go beside Leaflet in the folder Streamlit serves at /app/static.
STATIC_FOLDER = "england"
DENSITY_TITLE = f"{MEASURE_LABEL} (councils; small areas when zoomed in)"
DENSITY_NOTE = (
    "Shading: postcodes per square kilometre, by council at England zoom and by small "
    "area (LSOA 2011) from county zoom on, with the same classes at every zoom. Counted "
    "by this app from the ONS Postcode Directory (November 2025, live and terminated "
    "postcodes): a derived measure of where addresses are dense, shown as a stand-in "
    "for where people live. It is not a count of people or of people aged 65 and over."
)


def _range_label(lower: float, upper: float) -> str:
    if math.isinf(upper):
        return f"{lower:,.0f} or more"
    return f"{lower:,.0f} to under {upper:,.0f}"


# -- Layers as files the browser fetches ------------------------------------------------


class LinkedGeoJson(FetchedGeoJson):
    """A folium GeoJson layer whose features the browser fetches from this server as the
    map loads.

    The map's HTML then stays the same size however many features there are, so a
    Streamlit rerun re-sends a few kilobytes, not megabytes, and the browser caches the
    file between visits.
    """

    def load(self, url: str, add: str) -> str:
        """Fetch the file without holding up the page.

        Folium fetches a linked file with a synchronous request, so a map of eleven
        files stopped the browser for each in turn (1.2-1.5 s on the England page,
        `bench/floor.py`). Here every file is requested at once and each is added once
        those before it are, so the layers still stack in the order they were added.
        """
        _fetch_early(self.get_root(), self.embed_link, self.get_name())
        return f"cmmAddInOrder({url}, {add});"


def _fetch_early(figure, url: str, name: str) -> None:
    """Put `cmmAddInOrder` and a preload link for `url` in the map's head.

    The file is asked for while Leaflet itself loads, before the map's script runs.
    """
    figure.header.add_child(Element(_ADD_IN_ORDER), name="cmm_add_in_order")
    link = html.escape(url, quote=True)
    preload = f'<link rel="preload" href="{link}" as="fetch" crossorigin="anonymous">'
    figure.header.add_child(Element(preload), name=f"preload_{name}")


# The script that fetches a linked file in place of folium's own (LinkedGeoJson).
_ADD_IN_ORDER = """<script>
function cmmAddInOrder(url, add) {
    var data = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
    });
    data.catch(function () {});  // reported in its turn below, not as unhandled now
    window.cmmLayersAdded = (window.cmmLayersAdded || Promise.resolve())
        .then(function () { return data; })
        .then(add)
        .catch(function (error) { console.error("Map layer not loaded:", error); });
}
</script>"""


def publish_geojson(name: str, features: list[dict], static_root: Path) -> LayerFile:
    """Write features as a FeatureCollection named by its content; return where it is served.

    The same content always gets the same file name, so a file never changes once
    written and browsers may keep it; it is written once per server, atomically.
    """
    url = _publish({"type": "FeatureCollection", "features": features}, name, static_root)
    return LayerFile(url=url, sample=_sample(features[0]), features=len(features))


def _publish(payload: dict, name: str, static_root: Path) -> str:
    text = json.dumps(payload, separators=(",", ":"))
    return publish_json(STATIC_FOLDER, name, text, static_root)


def _sample(feature: dict) -> dict:
    # The sample's geometry is never drawn; a point keeps folium's bounds check cheap.
    (south, west), (north, east) = ENGLAND_BOUNDS
    point = {"type": "Point", "coordinates": [(west + east) / 2, (south + north) / 2]}
    return {**feature, "geometry": point}


def _feature(geometry, properties: dict, feature_id: int | str | None = None) -> dict:
    feature = {"type": "Feature", "properties": properties, "geometry": geometry}
    if feature_id is not None:
        feature["id"] = feature_id
    return feature


@dataclass(frozen=True)
class DensityClass:
    """One colour class at England zoom: its councils merged, their colour and legend line."""

    layer: LayerFile
    colour: str
    label: str
    lsoas: int


@dataclass(frozen=True)
class HomesClass:
    """The homes of one care type: their file, colour and legend line."""

    layer: LayerFile
    colour: str
    label: str


@dataclass(frozen=True)
class EnglandLayers:
    """Everything the England map draws, as published files, with what the page says of it.

    `small_areas` is an index: each council's bounds and the file of its small areas.
    """

    density: tuple[DensityClass, ...]
    councils: LayerFile
    small_areas: LayerFile
    homes: tuple[HomesClass, ...]
    homes_title: str
    lsoas: int
    home_count: int
    beds: int


def publish_england_layers(homes: pd.DataFrame, static_root: Path = STATIC_ROOT) -> EnglandLayers:
    """Write the England map's layers as GeoJSON files under `static_root`.

    Councils: one merged feature per density class, and one outline each, labelled with
    its homes, beds and density. Small areas: one file per council and an index of them.
    Homes: one file per care type. Building takes a few seconds; what was built is
    remembered in the geography cache (keyed by the inputs, the homes and the folder),
    so a restarted server finds it in milliseconds.
    """
    key = [*shape_inputs(), str(static_root.resolve()), _homes_fingerprint(homes)]
    manifest = cache.cache_dir() / f"england-layers-{cache.fingerprint(key)}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        layers = _layers_from_dict(json.loads(manifest.read_text()))
        if all(
            (static_root / url.removeprefix(STATIC_URL + "/")).exists()
            for url in published_urls(layers, static_root)
        ):
            return layers
    layers = _build_layers(homes, static_root)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(manifest, json.dumps(dataclasses.asdict(layers)))
    return layers


def published_urls(layers: EnglandLayers, static_root: Path = STATIC_ROOT) -> list[str]:
    """Return the URL of every file the map may fetch, the small areas' files included."""
    files = [c.layer for c in layers.density] + [layers.councils, layers.small_areas]
    files += [c.layer for c in layers.homes]
    index = static_root / layers.small_areas.url.removeprefix(STATIC_URL + "/")
    councils = json.loads(index.read_text())["councils"] if index.exists() else []
    return [f.url for f in files] + [c["url"] for c in councils]


def _homes_fingerprint(homes: pd.DataFrame) -> str:
    columns = ["name", "care_type", "beds", "lat", "lon", "lad_code", "kind", "location_id"]
    hashed = pd.util.hash_pandas_object(homes[columns], index=False)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()


def _layers_from_dict(data: dict) -> EnglandLayers:
    return EnglandLayers(
        density=tuple(
            DensityClass(**{**c, "layer": LayerFile(**c["layer"])}) for c in data["density"]
        ),
        councils=LayerFile(**data["councils"]),
        small_areas=LayerFile(**data["small_areas"]),
        homes=tuple(HomesClass(**{**c, "layer": LayerFile(**c["layer"])}) for c in data["homes"]),
        homes_title=data["homes_title"],
        lsoas=data["lsoas"],
        home_count=data["home_count"],
        beds=data["beds"],
    )


def _build_layers(homes: pd.DataFrame, static_root: Path) -> EnglandLayers:
    illustrative = bool((homes["kind"] == "illustrative").any())
    summary = council_summary(homes)
    shapes = council_shapes().set_index("code").loc[summary["code"], "geometry"].to_numpy()
    small_areas = _publish_small_areas(static_root)
    placed = homes[homes["lat"].notna() & homes["lon"].notna()]
    classes = []
    for care_type, colour in TYPE_COLOURS.items():
        part = placed[placed["care_type"] == care_type]
        if part.empty:
            continue
        layer = publish_geojson(
            f"homes-{care_type.replace(' ', '-')}", _home_features(part, illustrative), static_root
        )
        classes.append(HomesClass(layer, colour, f"{TYPE_LABELS[care_type]} ({len(part):,})"))
    return EnglandLayers(
        density=_publish_density_classes(static_root),
        councils=publish_geojson(
            "councils", _council_features(summary, shapes, illustrative), static_root
        ),
        small_areas=small_areas,
        homes=tuple(classes),
        homes_title="Care homes (illustrative)" if illustrative else "Care homes (CQC)",
        lsoas=int(summary["lsoas"].sum()),
        home_count=len(placed),
        beds=int(placed["beds"].fillna(0).sum()),
    )


def _publish_density_classes(static_root: Path) -> tuple[DensityClass, ...]:
    # Each class's councils merged into one shape: one path and one fill per colour, so
    # neighbours of a class show no seam; the outlines on top mark the councils.
    out = []
    for row in council_classes().itertuples():
        label = f"{_range_label(row.lower, row.upper)} ({row.councils} councils)"
        feature = _feature(row.geometry.__geo_interface__, {}, int(row.number))
        layer = publish_geojson(f"council-density-{row.number}", [feature], static_root)
        out.append(DensityClass(layer, DENSITY_COLOURS[row.number], label, int(row.lsoas)))
    return tuple(out)


def _council_features(summary: pd.DataFrame, shapes, illustrative: bool) -> list[dict]:
    kind = "illustrative " if illustrative else ""
    features = []
    for row, geometry in zip(summary.itertuples(), shapes, strict=True):
        plural = "" if row.homes == 1 else "s"
        label = (
            f"{row.name}: {row.homes:,} {kind}care home{plural}, {row.beds:,} beds; "
            f"{row.per_km2:,.0f} postcodes per km²"
        )
        features.append(
            _feature(geometry.__geo_interface__, {"label": html.escape(label)}, str(row.code))
        )
    return features


def _publish_small_areas(static_root: Path) -> LayerFile:
    # One file per council, so a county view fetches a few hundred kilobytes, not England.
    areas = small_area_shapes()
    entries = []
    for code, part in areas.groupby("council", sort=True):
        features = [
            _feature(
                geometry.__geo_interface__,
                {
                    "c": int(number),
                    "label": html.escape(f"{name}: {per_km2:,.0f} postcodes per km²"),
                },
            )
            for name, number, per_km2, geometry in zip(
                part["lsoa_name"], part["number"], part["per_km2"], part.geometry, strict=True
            )
        ]
        west, south, east, north = (round(v, 4) for v in part.total_bounds)
        entries.append(
            {
                "code": str(code),
                "bounds": [[south, west], [north, east]],
                "url": publish_geojson(f"lsoas-{code}", features, static_root).url,
            }
        )
    url = _publish({"councils": entries}, "small-areas", static_root)
    return LayerFile(url=url, sample={}, features=len(entries))


def _home_features(homes: pd.DataFrame, illustrative: bool) -> list[dict]:
    suffix = " (illustrative)" if illustrative else ""
    beds = homes["beds"].astype("Float64")
    kinds = homes["care_type"].map(TYPE_LABELS).str.lower()
    return [
        _feature(
            {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
            {
                "label": html.escape(
                    f"{name}{suffix}: "
                    f"{'beds not known' if pd.isna(b) else f'{int(b)} beds'}, {kind}"
                )
            },
            number,
        )
        for number, (name, b, kind, lon, lat) in enumerate(
            zip(homes["name"], beds, kinds, homes["lon"], homes["lat"], strict=True)
        )
    ]


# -- The map ----------------------------------------------------------------------------

# Swaps councils for small areas at SMALL_AREA_MIN_ZOOM and back, fetching the small
# areas of the councils in view (and a margin) once each.
# One style per class, looked up by a property: no per-feature style in the page.
_ZOOM_SCRIPT = """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var density = {{ this.density.get_name() }};
    var councils = {{ this.councils.get_name() }};
    var national = [{% for layer in this.national %}{{ layer.get_name() }}, {% endfor %}];
    var config = {{ this.config_json }};
    var styles = config.colours.map(function (colour) {
        return {fillColor: colour, fillOpacity: 0.9, color: "#707070", weight: 0.4,
                opacity: 0.5, className: "cmm-england-lsoa"};
    });
    var fine = L.featureGroup();
    var files = {}, shown = {}, index = null, asked = false, band = null;

    function load(entry) {
        files[entry.code] = "loading";
        json(entry.url, function (data) {
            files[entry.code] = L.geoJSON(data, {
                style: function (feature) { return styles[feature.properties.c]; },
                smoothFactor: 0.5
            }).bindTooltip(function (layer) { return layer.feature.properties.label; },
                           {sticky: true});
            update();
        });
    }

    function json(url, then) {
        fetch(url).then(function (response) {
            if (!response.ok) { throw new Error(url + ": " + response.status); }
            return response.json();
        }).then(then).catch(function (error) { console.error("Map layer not loaded:", error); });
    }

    function raise() {
        // Layers added later are drawn on top: keep the outlines above the shading (the
        // homes have a pane of their own, above both).
        if (map.hasLayer(councils)) { councils.eachLayer(function (l) { l.bringToFront(); }); }
    }

    function showSmallAreas() {
        if (index === null) {
            if (!asked) {
                asked = true;
                json(config.index, function (data) {
                    index = data.councils;
                    update();
                });
            }
            return;
        }
        var view = map.getBounds().pad(0.3), added = false;
        index.forEach(function (entry) {
            var wanted = view.intersects(L.latLngBounds(entry.bounds));
            var layer = files[entry.code];
            if (wanted && layer === undefined) { load(entry); }
            if (!layer || layer === "loading") { return; }
            if (wanted && !shown[entry.code]) {
                fine.addLayer(layer);
                shown[entry.code] = added = true;
            }
            if (!wanted && shown[entry.code]) { fine.removeLayer(layer); delete shown[entry.code]; }
        });
        if (added) { raise(); }
    }

    function update() {
        var zoom = map.getZoom();
        var small = zoom >= config.small_area_zoom;
        if (small !== band) {
            band = small;
            national.forEach(function (layer) {
                if (small) { density.removeLayer(layer); } else { density.addLayer(layer); }
            });
            if (small) { density.addLayer(fine); } else { density.removeLayer(fine); }
            raise();
        }
        if (small) { showSmallAreas(); }
    }

    map.on("zoomend moveend", update);
    if (map._loaded) { update(); } else { map.on("load", update); }
})();
{% endmacro %}
"""


# Every home is a dot on one canvas of the layer's own, in a pane above the shading and
# outlines: no Leaflet layer per home. Building 14,000 circle markers, and collecting their
# garbage, took about 0.5 s of the England page's first paint (CPU profile, three visits).
# Each redraw projects the points in view and fills one path per care type; a grid of
# the drawn points finds the dot under the mouse (or a tap) for its tooltip. Labels are
# escaped in Python before they are written to the files (Leaflet shows them as HTML).
_DOTS_CLASS = """<script>
L.CmmDots = L.Layer.extend({
    options: {pane: "cmmHomes", radii: [[0, 1]], slop: 3, padding: 0.25},
    initialize: function (options) {
        L.setOptions(this, options);
        this._sets = [];
        this._grid = {};
        this.points = 0;
        this.drawn = 0;
    },
    addData: function (colour, collection) {
        var points = collection.features.map(function (feature) {
            var at = feature.geometry.coordinates;
            return {latlng: L.latLng(at[1], at[0]), label: feature.properties.label};
        });
        this._sets.push({colour: colour, points: points});
        this.points += points.length;
        this._drawSoon();
        return this;
    },
    _drawSoon: function () {
        // Once a frame, however many files came in it (they are added one after another,
        // and each draw goes through every home); while zooming, drawn when the zoom ends.
        if (!this._map || this._hidden || this._soon) { return; }
        this._soon = L.Util.requestAnimFrame(function () {
            this._soon = null;
            if (this._map && !this._hidden) { this._draw(); }
        }, this);
    },
    onAdd: function (map) {
        var pane = map.getPane(this.options.pane) || map.createPane(this.options.pane);
        pane.style.zIndex = 450;  // over the overlay pane (400), under tooltips (650)
        pane.style.pointerEvents = "none";  // the outlines under the dots keep their mouse
        this._canvas = L.DomUtil.create("canvas", "cmm-england-homes", pane);
        // The mouse is read from the page itself, the last move of each frame: Leaflet's
        // own mousemove skips moves and is not sent over its controls or when leaving.
        var container = map.getContainer();
        L.DomEvent.on(container, "mousemove", this._queue, this);
        L.DomEvent.on(container, "mouseleave", this._leave, this);
        map.on("click", this._tap, this);
        map.on("movestart", this._leave, this);
        map.on("zoomstart", this._hide, this);  // an animated or pinch zoom: drawn after it
        map.on("moveend resize", this._show, this);
        this._show();
    },
    onRemove: function (map) {
        this._leave();
        if (this._soon) { L.Util.cancelAnimFrame(this._soon); this._soon = null; }
        var container = map.getContainer();
        L.DomEvent.off(container, "mousemove", this._queue, this);
        L.DomEvent.off(container, "mouseleave", this._leave, this);
        map.off("click", this._tap, this);
        map.off("movestart", this._leave, this);
        map.off("zoomstart", this._hide, this);
        map.off("moveend resize", this._show, this);
        L.DomUtil.remove(this._canvas);
    },
    _hide: function () {
        // Until the zoom ends the dots' places are those of the old zoom: nothing is
        // drawn, and nothing is found under the mouse.
        this._leave();
        this._hidden = true;
        this._origin = null;
        this._canvas.style.visibility = "hidden";
    },
    _show: function () {
        this._hidden = false;
        this._draw();
    },
    _radius: function () {
        var zoom = this._map.getZoom();
        return this.options.radii.filter(function (step) { return zoom >= step[0]; }).pop()[1];
    },
    _draw: function () {
        if (this._soon) { L.Util.cancelAnimFrame(this._soon); this._soon = null; }
        var map = this._map, size = map.getSize();
        var pad = size.multiplyBy(this.options.padding).round();
        var origin = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
        var width = size.x + 2 * pad.x, height = size.y + 2 * pad.y;
        var scale = window.devicePixelRatio || 1, canvas = this._canvas;
        var context = canvas.getContext("2d");
        L.DomUtil.setPosition(canvas, origin);
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        canvas.style.width = width + "px";
        canvas.style.height = height + "px";
        context.setTransform(scale, 0, 0, scale, 0, 0);
        canvas.style.visibility = "visible";
        var r = this._radius(), cell = this._cell = Math.max(8, 4 * r);
        var grid = this._grid = {}, drawn = 0;
        this._origin = origin;
        this._sets.forEach(function (set) {
            context.beginPath();
            set.points.forEach(function (point) {
                var at = map.latLngToLayerPoint(point.latlng).subtract(origin);
                if (at.x < -r || at.y < -r || at.x > width + r || at.y > height + r) { return; }
                context.moveTo(at.x + r, at.y);
                context.arc(at.x, at.y, r, 0, 2 * Math.PI);
                var key = Math.floor(at.x / cell) + ":" + Math.floor(at.y / cell);
                (grid[key] = grid[key] || []).push([at.x, at.y, point]);
                drawn += 1;
            });
            context.globalAlpha = 0.9;
            context.fillStyle = set.colour;
            context.fill();
        });
        this._radiusDrawn = r;
        this.drawn = drawn;
    },
    _nearest: function (at) {
        var cell = this._cell, reach = this._radiusDrawn + this.options.slop;
        var column = Math.floor(at.x / cell), row = Math.floor(at.y / cell);
        var best = null, bestDistance = reach * reach;
        for (var dx = -1; dx <= 1; dx++) {
            for (var dy = -1; dy <= 1; dy++) {
                (this._grid[(column + dx) + ":" + (row + dy)] || []).forEach(function (dot) {
                    var distance = Math.pow(dot[0] - at.x, 2) + Math.pow(dot[1] - at.y, 2);
                    if (distance <= bestDistance) { best = dot[2]; bestDistance = distance; }
                });
            }
        }
        return best;
    },
    _queue: function (event) {
        this._last = event;
        if (!this._frame) {
            this._frame = L.Util.requestAnimFrame(function () {
                this._frame = null;
                var target = this._last.target;
                if (target.closest && target.closest(".leaflet-control")) { this._leave(); return; }
                this._point(this._map.mouseEventToLayerPoint(this._last));
            }, this);
        }
    },
    _tap: function (event) { this._point(event.layerPoint); },
    _point: function (layerPoint) {
        if (!this._origin || !this._map) { return; }
        var found = this._nearest(layerPoint.subtract(this._origin));
        if (!found) { this._leave(); return; }
        if (!this._tip) {
            // Beside the dot, on the side towards the middle: not cut off at the map's edge.
            this._tip = L.tooltip({className: "cmm-home-tip", direction: "auto"});
        }
        this._tip.setLatLng(found.latlng).setContent(found.label);
        this._map.openTooltip(this._tip);
        L.DomUtil.addClass(this._map.getContainer(), "cmm-over-home");
    },
    _leave: function () {
        // A move still waiting for its frame would open the tooltip again.
        if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
        if (!this._map) { return; }
        if (this._tip) { this._map.closeTooltip(this._tip); }
        L.DomUtil.removeClass(this._map.getContainer(), "cmm-over-home");
    }
});
</script>
<style>
.cmm-over-home, .cmm-over-home canvas { cursor: pointer; }
.cmm-over-home .leaflet-tooltip:not(.cmm-home-tip) { display: none; }
/* Beside the dot on the side towards the middle, so at most half the map wide: a long
   name wraps instead of running off a phone's map. */
.leaflet-tooltip.cmm-home-tip { white-space: normal; width: max-content; max-width: 45vw; }
</style>"""
_DOTS_SCRIPT = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = new L.CmmDots({{ this.options_json }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% for url, colour in this.files %}
cmmAddInOrder({{ url|tojson }}, function (data) {
    {{ this.get_name() }}.addData({{ colour|tojson }}, data);
});
{% endfor %}
{% endmacro %}
"""


class HomeDots(MacroElement):
    """The homes of every care type as dots on one canvas, each type in its colour."""

    _template = Template(_DOTS_SCRIPT)

    def __init__(self, homes: tuple[HomesClass, ...]):
        super().__init__()
        self._name = "HomeDots"
        self.files = [(part.layer.url, part.colour) for part in homes]
        self.options_json = json.dumps({"radii": [list(step) for step in HOME_RADII]})

    def render(self, **kwargs) -> None:
        """Add the layer's class and each file's early fetch to the head, then the layer."""
        figure = self.get_root()
        figure.header.add_child(Element(_DOTS_CLASS), name="cmm_dots_class")
        for number, (url, _colour) in enumerate(self.files):
            _fetch_early(figure, url, f"{self.get_name()}_{number}")
        super().render(**kwargs)


class EnglandZoom(MacroElement):
    """The England map's zoom bands: councils, then small areas fetched for the view."""

    _template = Template(_ZOOM_SCRIPT)

    def __init__(self, layers: EnglandLayers, density, councils, national):
        super().__init__()
        self._name = "EnglandZoom"
        self.density, self.councils, self.national = density, councils, national
        # Only URLs, colours and numbers of ours: nothing from a file or a user.
        self.config_json = json.dumps(
            {
                "index": layers.small_areas.url,
                "small_area_zoom": SMALL_AREA_MIN_ZOOM,
                "colours": list(DENSITY_COLOURS),
            }
        )


def build_england_map(layers: EnglandLayers, *, height_px: int = 600) -> folium.Map:
    """Return the England map: shading under council outlines under homes, fitted to England.

    Cheap: the features stay in their files. No layer control is added, so
    components.map_view.render_map can add it.
    """
    # One canvas draws every layer: 14,000 homes are not 14,000 SVG elements, the layers
    # stack in the order added and the canvas finds what is under the mouse.
    fmap = blank_map(height_px=height_px, prefer_canvas=True)
    # folium gives min_zoom and max_zoom to a tile layer only; these bound the map itself.
    fmap.options.update(minZoom=5, maxZoom=MAX_ZOOM)
    density = folium.FeatureGroup(name=DENSITY_TITLE, show=True)
    national = []
    for part in layers.density:
        style = {
            "stroke": False,
            "fillColor": part.colour,
            "fillOpacity": 0.9,
            "className": "cmm-england-density",
        }
        # smoothFactor 0: Leaflet would otherwise drop every area under a pixel or two.
        national.append(
            LinkedGeoJson(
                part.layer,
                style_function=lambda _f, style=style: style,
                interactive=False,
                smooth_factor=0,
            ).add_to(density)
        )
    councils = folium.FeatureGroup(name="Councils", show=True)
    council_style = {
        "color": COUNCIL_COLOUR,
        "weight": 0.8,
        "fillOpacity": 0,
        "className": "cmm-england-council",
    }
    LinkedGeoJson(
        layers.councils,
        style_function=lambda _f: council_style,
        highlight_function=lambda _f: {"weight": 2.5},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        smooth_factor=0.5,
    ).add_to(councils)
    homes = folium.FeatureGroup(name=layers.homes_title, show=True)
    HomeDots(layers.homes).add_to(homes)
    for group in (density, councils, homes):
        group.add_to(fmap)
    fmap.add_child(EnglandZoom(layers, density, councils, national))
    fit_once(fmap, [list(corner) for corner in ENGLAND_BOUNDS])
    return use_local_assets(fmap)


def england_legends(layers: EnglandLayers) -> list[tuple[str, list[LegendEntry]]]:
    """Return the map's legend sections: homes by type, then the density classes."""
    return [
        (layers.homes_title, [LegendEntry(c.colour, c.label) for c in layers.homes]),
        (DENSITY_TITLE, [LegendEntry(c.colour, c.label, "square") for c in layers.density]),
    ]


def prepare_england() -> None:
    """Build the England map's cached parts (postcode counts, council and small-area shapes)."""
    council_shapes()
    council_classes()
    small_area_shapes()
