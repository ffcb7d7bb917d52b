"""England at a glance: councils, small areas by postcode density and care homes, in few layers.

At England zoom a pixel is about 1.5 km, so most of the 32,844 small areas (LSOAs) are
a pixel or less. Each colour class of them is merged into one shape, simplified to half
a pixel and rounded to 3 decimals (about 100 m): five paths instead of 32,844, with no
per-feature style. The 153 councils are one layer on top, with a tooltip each; care
homes are one GeoJson layer per care type. What is slow to build (postcode counts,
merged councils and classes) is stored as GeoParquet in the geography cache; the layers
are written once as GeoJSON files that the browser fetches from the app's static folder,
so the map's own HTML stays a few kilobytes however many homes it shows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import html
import json
import math
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from geo import cache
from geo.boundaries import english_councils
from geo.england import (
    DENSITY_CLASSES,
    ENGLAND_BOUNDS,
    council_outlines,
    density_inputs,
    lsoa_classes,
)
from maps.assets import STATIC_URL as VENDOR_URL
from maps.assets import use_local_assets
from maps.mapping import blank_map
from maps.supply_layers import TYPE_COLOURS, TYPE_LABELS, LegendEntry

# ColorBrewer Purples (5 classes), light to dark: no home's colour is a purple, so the
# dots stay readable on top, and the lightest class stands out from the grey sea.
DENSITY_COLOURS = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
assert len(DENSITY_COLOURS) == DENSITY_CLASSES  # one colour per class of geo.england
COUNCIL_COLOUR = "#333333"
HOME_RADIUS = 1.8
# Layer files go beside Leaflet in the folder Streamlit serves at /app/static.
STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = VENDOR_URL.rsplit("/", 1)[0]
STATIC_FOLDER = "england"
DENSITY_TITLE = "Postcodes per km² (small areas)"
DENSITY_NOTE = (
    "Postcodes per square kilometre of each small area (LSOA 2011), counted from the ONS "
    "Postcode Directory (November 2025, live and terminated postcodes): where addresses "
    "are dense. A real measure, not a count of people."
)


def _range_label(lower: float, upper: float) -> str:
    if math.isinf(upper):
        return f"{lower:,.0f} or more"
    return f"{lower:,.0f} to under {upper:,.0f}"


# -- Layers as files the browser fetches ------------------------------------------------


@dataclass(frozen=True)
class LayerFile:
    """A GeoJSON FeatureCollection written under the app's static folder."""

    url: str
    sample: dict
    features: int


class LinkedGeoJson(folium.GeoJson):
    """A folium GeoJson layer whose features the browser fetches from this server.

    The map's HTML then stays the same size however many features there are, so a
    Streamlit rerun re-sends a few kilobytes, not megabytes, and the browser caches the
    file between visits. Folium needs features in Python only to check tooltip fields
    and work out styles; one sample feature does for both, because every layer here has
    one style for all its features.
    """

    def __init__(self, layer: LayerFile, **kwargs):
        self._layer = layer
        super().__init__(layer.url, embed=False, **kwargs)

    def process_data(self, data: object) -> dict:
        """Point the browser at the file; keep only the sample feature in Python."""
        self.embed_link = self._layer.url
        return {"type": "FeatureCollection", "features": [self._layer.sample]}


def publish_geojson(name: str, features: list[dict], static_root: Path) -> LayerFile:
    """Write features as a FeatureCollection named by its content; return where it is served.

    The same content always gets the same file name, so a file never changes once
    written and browsers may keep it; it is written once per server, atomically.
    """
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    relative = f"{STATIC_FOLDER}/{name}-{digest}.json"
    target = static_root / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, text)
    return LayerFile(
        url=f"{STATIC_URL}/{relative}", sample=_sample(features[0]), features=len(features)
    )


def _write_atomically(target: Path, text: str) -> None:
    # Beside the target, then renamed: a browser or a second server never reads half a file.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)  # served to browsers, like Leaflet beside it
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _sample(feature: dict) -> dict:
    # The sample's geometry is never drawn; a point keeps folium's bounds check cheap.
    (south, west), (north, east) = ENGLAND_BOUNDS
    point = {"type": "Point", "coordinates": [(west + east) / 2, (south + north) / 2]}
    return {**feature, "geometry": point}


@dataclass(frozen=True)
class DensityClass:
    """One colour class of the small areas: its file, colour and legend line."""

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
    """Everything the England map draws, as published files, with what the page says of it."""

    density: tuple[DensityClass, ...]
    councils: LayerFile
    homes: tuple[HomesClass, ...]
    homes_title: str
    lsoas: int
    home_count: int
    beds: int


def publish_england_layers(homes: pd.DataFrame, static_root: Path = STATIC_ROOT) -> EnglandLayers:
    """Write the England map's layers as GeoJSON files under `static_root`.

    Small areas: one feature per density class (all its LSOAs merged). Councils: one
    feature each, labelled with its homes and beds. Homes: one file per care type.
    Building takes about a second; what was built is remembered in the geography cache
    (keyed by the inputs, the homes and the folder), so a restarted server finds it in
    milliseconds.
    """
    key = [*density_inputs(), str(static_root.resolve()), _homes_fingerprint(homes)]
    manifest = cache.cache_dir() / f"england-layers-{cache.fingerprint(key)}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        layers = _layers_from_dict(json.loads(manifest.read_text()))
        if all(
            (static_root / f.url.removeprefix(STATIC_URL + "/")).exists() for f in _files(layers)
        ):
            return layers
    layers = _build_layers(homes, static_root)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(manifest, json.dumps(dataclasses.asdict(layers)))
    return layers


def _homes_fingerprint(homes: pd.DataFrame) -> str:
    columns = ["name", "care_type", "beds", "lat", "lon", "lad_code", "kind", "location_id"]
    hashed = pd.util.hash_pandas_object(homes[columns], index=False)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()


def _files(layers: EnglandLayers) -> list[LayerFile]:
    return [c.layer for c in layers.density] + [layers.councils] + [c.layer for c in layers.homes]


def _layers_from_dict(data: dict) -> EnglandLayers:
    return EnglandLayers(
        density=tuple(
            DensityClass(**{**c, "layer": LayerFile(**c["layer"])}) for c in data["density"]
        ),
        councils=LayerFile(**data["councils"]),
        homes=tuple(HomesClass(**{**c, "layer": LayerFile(**c["layer"])}) for c in data["homes"]),
        homes_title=data["homes_title"],
        lsoas=data["lsoas"],
        home_count=data["home_count"],
        beds=data["beds"],
    )


def _build_layers(homes: pd.DataFrame, static_root: Path) -> EnglandLayers:
    density = tuple(
        DensityClass(
            publish_geojson(f"lsoa-density-{number}", [geojson], static_root),
            DENSITY_COLOURS[number],
            f"{label} ({count:,} areas)",
            count,
        )
        for number, label, count, geojson in _class_shapes()
    )
    illustrative = bool((homes["kind"] == "illustrative").any())
    councils = publish_geojson("councils", _council_features(homes, illustrative), static_root)
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
        density=density,
        councils=councils,
        homes=tuple(classes),
        homes_title="Care homes (illustrative)" if illustrative else "Care homes (CQC)",
        lsoas=sum(c.lsoas for c in density),
        home_count=len(placed),
        beds=int(placed["beds"].fillna(0).sum()),
    )


@lru_cache(maxsize=1)
def _class_shapes() -> tuple[tuple[int, str, int, dict], ...]:
    # (number, legend label, LSOAs, GeoJSON feature) per class, read once per process.
    out = []
    for row in lsoa_classes().itertuples():
        feature = {
            "type": "Feature",
            "id": int(row.number),
            "properties": {},
            "geometry": row.geometry.__geo_interface__,
        }
        out.append((int(row.number), _range_label(row.lower, row.upper), int(row.lsoas), feature))
    return tuple(out)


@lru_cache(maxsize=1)
def _council_shapes() -> gpd.GeoDataFrame:
    return council_outlines()


def _council_features(homes: pd.DataFrame, illustrative: bool) -> list[dict]:
    outlines = _council_shapes()
    by_district = {d: c.code for c in english_councils() for d in c.district_codes}
    council = homes["lad_code"].map(by_district)
    counts = homes.groupby(council).agg(homes=("location_id", "size"), beds=("beds", "sum"))
    kind = "illustrative " if illustrative else ""
    features = []
    for code, name, geometry in zip(
        outlines["code"], outlines["name"], outlines.geometry, strict=True
    ):
        homes_in = int(counts["homes"].get(code, 0))
        beds_in = int(counts["beds"].get(code, 0))
        plural = "" if homes_in == 1 else "s"
        label = f"{name}: {homes_in:,} {kind}care home{plural}, {beds_in:,} beds"
        features.append(
            {
                "type": "Feature",
                "id": str(code),
                "properties": {"label": html.escape(label)},
                "geometry": geometry.__geo_interface__,
            }
        )
    return features


def _home_features(homes: pd.DataFrame, illustrative: bool) -> list[dict]:
    suffix = " (illustrative)" if illustrative else ""
    beds = homes["beds"].astype("Float64")
    kinds = homes["care_type"].map(TYPE_LABELS).str.lower()
    return [
        {
            "type": "Feature",
            "id": number,
            "properties": {
                "label": html.escape(
                    f"{name}{suffix}: "
                    f"{'beds not known' if pd.isna(b) else f'{int(b)} beds'}, {kind}"
                )
            },
            "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
        }
        for number, (name, b, kind, lon, lat) in enumerate(
            zip(homes["name"], beds, kinds, homes["lon"], homes["lat"], strict=True)
        )
    ]


# -- The map ----------------------------------------------------------------------------


def build_england_map(layers: EnglandLayers, *, height_px: int = 600) -> folium.Map:
    """Return the England map: density under councils under homes, fitted to England.

    Cheap: the features stay in their files. No layer control is added, so
    components.map_view.render_map can add it.
    """
    # One canvas draws every layer: 14,000 homes are not 14,000 SVG elements, the layers
    # stack in the order added and the canvas finds what is under the mouse.
    fmap = blank_map(height_px=height_px, prefer_canvas=True)
    density = folium.FeatureGroup(name=DENSITY_TITLE, show=True)
    for part in layers.density:
        style = {
            "stroke": False,
            "fillColor": part.colour,
            "fillOpacity": 0.9,
            "fillRule": "nonzero",
            "className": "cmm-england-lsoa",
        }
        # smoothFactor 0: Leaflet would otherwise drop every area under a pixel or two,
        # which at this zoom is most towns and all of London.
        LinkedGeoJson(
            part.layer,
            style_function=lambda _f, style=style: style,
            interactive=False,
            smooth_factor=0,
        ).add_to(density)
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
    ).add_to(councils)
    homes = folium.FeatureGroup(name=layers.homes_title, show=True)
    for part in layers.homes:
        style = {"className": "cmm-england-home", "fillColor": part.colour, "stroke": False}
        LinkedGeoJson(
            part.layer,
            marker=folium.CircleMarker(radius=HOME_RADIUS, fill=True, fill_opacity=0.9),
            style_function=lambda _f, style=style: style,
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        ).add_to(homes)
    for group in (density, councils, homes):
        group.add_to(fmap)
    fmap.fit_bounds([list(corner) for corner in ENGLAND_BOUNDS])
    # No starting view: Leaflet then adds the layers when fitBounds sets the view, so
    # each feature is projected and drawn once, at England's zoom, not first at zoom 1.
    fmap.location = None
    return use_local_assets(fmap)


def england_legends(layers: EnglandLayers) -> list[tuple[str, list[LegendEntry]]]:
    """Return the map's legend sections: homes by type, then the density classes."""
    return [
        (layers.homes_title, [LegendEntry(c.colour, c.label) for c in layers.homes]),
        (DENSITY_TITLE, [LegendEntry(c.colour, c.label, "square") for c in layers.density]),
    ]


def prepare_england() -> None:
    """Build the England map's cached parts (postcode counts, councils, class shapes)."""
    lsoa_classes()
    council_outlines()
