"""Folium layers for home care zones, rural uplift areas and unmet-package hot spots."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from geo.boundaries import WGS84
from geo.simplify import simplify_for_map
from maps.geojson import feature_collection
from maps.mapping import ZONE_COLOUR, label_layer
from market.disclosure import public_hotspots
from market.hotspots import COLD, HOT
from market.zones import DISPLAY_COLUMN, selection_shape

# Okabe-Ito colours, one per layer or class, kept constant so each layer is one style.
SELECTED_COLOUR = "#000000"
UPLIFT_COLOUR = "#F0E442"
HOT_COLOUR = "#D55E00"
COLD_COLOUR = "#0072B2"
LEGEND = (
    ("Home care zones", ZONE_COLOUR, "outlined in green, named on the map"),
    ("Rural uplift areas", UPLIFT_COLOUR, "small areas where the uplift rule pays"),
    ("Hot spots of unmet packages", HOT_COLOUR, "more unmet packages nearby than chance"),
    ("Cold spots of unmet packages", COLD_COLOUR, "fewer unmet packages nearby than chance"),
    ("Selected zone or area", SELECTED_COLOUR, "thick black outline"),
)
# The property of a zone's feature that a click reports (components.selection reads it).
SELECT_PROPERTY = "select"


# folium's own Popup writes its HTML into a JavaScript template literal, escaping only the
# backtick, so "${...}" in a name would run; HtmlPopup writes it as a JSON string instead.
# Kept as a second guard: these become character references, which the browser shows as
# typed.
_LITERAL_SAFE = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;", "{": "&#123;"})


def _popup_html(rows: list[tuple[str, str]]) -> str:
    """Return rows as an HTML table, every label and value escaped as text, safe both as
    GeoJSON data and inside a popup's script."""
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:8px'>{html.escape(label)}</th>"
        f"<td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>".translate(_LITERAL_SAFE)


def zone_popup(zone: str, figures: pd.DataFrame) -> str:
    """Return a zone's popup: its name and figures (text already suppressed), escaped."""
    return _popup_html([("Zone", str(zone)), *figures.loc[zone].astype(str).items()])


def zone_layer(
    zones: gpd.GeoDataFrame, figures: pd.DataFrame, *, illustrative: bool
) -> folium.FeatureGroup:
    """Return the zones with their names on the map and their figures in a popup.

    `figures` is indexed by zone name with display columns (text already suppressed).
    """
    title = "Home care zones (illustrative)" if illustrative else "Home care zones"
    group = folium.FeatureGroup(name=title, show=True)
    shapes = gpd.GeoDataFrame(
        {"zone": zones["zone"].to_numpy()}, geometry=zones[DISPLAY_COLUMN].to_numpy(), crs=WGS84
    )
    shapes[SELECT_PROPERTY] = shapes["zone"]
    # Zone names can come from an uploaded file, and folium shows tooltips as HTML.
    shapes["label"] = shapes["zone"].map(lambda zone: html.escape(str(zone)))
    shapes["popup"] = [zone_popup(zone, figures) for zone in shapes["zone"]]
    style = {
        "color": ZONE_COLOUR,
        "weight": 3,
        "fillColor": ZONE_COLOUR,
        "fillOpacity": 0.08,
        "className": "cmm-zone",
    }
    zones_json = folium.GeoJson(
        feature_collection(shapes, ["label", SELECT_PROPERTY, "popup"]),
        name=title,
        style_function=lambda _feature: style,
        highlight_function=lambda _feature: {"weight": 5, "fillOpacity": 0.2},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
    )
    zones_json.add_child(ReportClick())
    zones_json.add_to(group)
    # Names stay on screen at a point inside each zone, not at the hovered edge.
    label_layer(
        zones["label_lon"],
        zones["label_lat"],
        zones["zone"],
        pd.Series(["cmm-zone-label"] * len(zones)),
        marker=folium.CircleMarker(radius=0, weight=0, interactive=False),
        direction="center",
    ).add_to(group)
    return group


class HtmlPopup(folium.Popup):
    """A popup whose (already escaped) HTML is given to Leaflet as a string.

    folium's Popup turns its HTML into an element with jQuery, which no map frame here
    loads (maps/assets.py); Leaflet takes the same HTML as a string.
    """

    _template = Template(
        """
        var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }});
        {% for name, element in this.html._children.items() %}
        {{ this.get_name() }}.setContent({{ element.render(**kwargs)|tojson }});
        {% endfor %}
        {{ this._parent.get_name() }}.bindPopup({{ this.get_name() }});
        """
    )


class OpenPopupOnAdd(MacroElement):
    """Open the parent layer's popup when the layer is added to a map, once per selection.

    folium's `Popup(show=True)` opens it at once, before the redrawn layers are added to
    the map (components.map_view swaps them in), so it never shows; the layer's "add"
    event comes after.
    Layers are redrawn on every rerun (a brushed range, a new uplift rate): a popup the
    reader closed stays closed until another zone or area is selected.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on("add", function (event) {
            if (window.cmmPopupFor === {{ this.selection|tojson }}) { return; }
            window.cmmPopupFor = {{ this.selection|tojson }};
            event.target.openPopup();
        });
        {% endmacro %}"""
    )

    def __init__(self, selection: str) -> None:
        super().__init__()
        self.selection = selection


class ForgetPopup(MacroElement):
    """With nothing selected, forget which selection's popup was opened, so selecting the
    same zone again opens it again."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        window.cmmPopupFor = null;
        {% endmacro %}"""
    )


class ReportClick(MacroElement):
    """Report a click on one of the parent GeoJson's features to the page, at once.

    The map's frame carries `cmmClick` (components.map_view) where the page asks for
    clicks; elsewhere (the demand card's map) a click only opens the popup. The second
    click of a double-click (which zooms) is not sent: it would clear the zone just
    selected.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on("click", function (event) {
            const frame = window.frameElement;
            const feature = event.layer && event.layer.feature;
            if (!frame || !frame.cmmClick || !feature) { return; }
            if (event.originalEvent && event.originalEvent.detail > 1) { return; }
            const value = (feature.properties || {})[{{ this.property|tojson }}];
            if (value === undefined || value === null) { return; }
            frame.cmmClick({ {{ this.property|tojson }}: String(value) });
        });
        {% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ReportClick"
        self.property = SELECT_PROPERTY


def selected_layer(
    shape: gpd.GeoDataFrame,
    popup: tuple[tuple[float, float], str] | None = None,
    selection: str = "",
) -> folium.FeatureGroup:
    """Return a thick outline around the selected zone or area (not interactive).

    `popup` ((lat, lon), HTML) opens when the layer is first drawn for `selection`: a
    click reruns the page and redraws the layers, and this puts the clicked zone's popup
    back, open, where it was.
    """
    group = folium.FeatureGroup(name="Selected zone or area", show=True)
    if popup is None:
        group.add_child(ForgetPopup())
    else:
        where, content = popup
        marker = folium.CircleMarker(
            where, radius=0, weight=0, popup=HtmlPopup(content, max_width=360)
        )
        marker.add_child(OpenPopupOnAdd(selection))
        marker.add_to(group)
    if not shape.empty:
        style = {"color": SELECTED_COLOUR, "weight": 5, "fill": False, "className": "cmm-selected"}
        folium.GeoJson(
            feature_collection(simplify_for_map(shape[["geometry"]]), []),
            style_function=lambda _feature: style,
            interactive=False,
        ).add_to(group)
    return group


def uplift_layer(lsoas: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Return the small areas that qualify for the rural uplift, in one style.

    `lsoas` are drawn as given: pass generalised geometry (`CouncilGeography.drawable`).
    """
    group = folium.FeatureGroup(name="Rural uplift areas", show=True)
    if not lsoas.empty:
        style = {
            "stroke": False,
            "fillColor": UPLIFT_COLOUR,
            "fillOpacity": 0.6,
            "className": "cmm-uplift",
        }
        folium.GeoJson(
            feature_collection(lsoas, ["code", "name"]),
            style_function=lambda _feature: style,
            interactive=False,
        ).add_to(group)
    return group


def hotspot_layer(msoas: gpd.GeoDataFrame, spots: pd.DataFrame) -> folium.FeatureGroup:
    """Return hot and cold spots as one GeoJson per class, which clicks pass through.

    A click inside a hot spot selects the zone under it; hot and cold spots are selected
    from their own list. `spots` has code and spot per MSOA (`public_hotspots`: no count
    reaches a layer). Only significant areas are drawn, as given: pass generalised
    geometry (`CouncilGeography.display_level("msoa")`).
    """
    group = folium.FeatureGroup(name="Unmet-package hot and cold spots", show=True)
    merged = msoas[["code", "geometry"]].merge(spots, on="code")
    for spot, colour, css in ((HOT, HOT_COLOUR, "cmm-hot"), (COLD, COLD_COLOUR, "cmm-cold")):
        part = merged[merged["spot"] == spot]
        if part.empty:
            continue
        shapes = part[["code", "geometry"]].copy()
        style = {
            "color": colour,
            "weight": 2,
            "fillColor": colour,
            "fillOpacity": 0.45,
            "className": f"cmm-hotspot {css}",
        }
        folium.GeoJson(
            feature_collection(shapes, ["code"]),
            style_function=lambda _feature, style=style: style,
            interactive=False,
        ).add_to(group)
    return group


def zone_map_layers(
    geography,
    zones: gpd.GeoDataFrame,
    zone_figures: pd.DataFrame,
    spots: pd.DataFrame,
    uplift: set[str],
    selection: str | None,
    *,
    illustrative: bool,
) -> list[folium.FeatureGroup]:
    """Return the zones page's layers, bottom first: uplift areas, zones, hot and cold spots,
    and the selected zone or neighbourhood's outline."""
    msoas = geography.display_level("msoa")
    selected = selection_shape(zones, msoas, selection)
    public = public_hotspots(spots)
    qualifying = geography.lsoas[geography.lsoas["code"].isin(uplift)]
    return [
        uplift_layer(geography.drawable(qualifying, "lsoa")),
        zone_layer(zones, zone_figures, illustrative=illustrative),
        # Through the gate: each neighbourhood's category only, never its count or z.
        hotspot_layer(msoas, public),
        selected_layer(
            selected,
            _selected_popup(selection, zones, zone_figures, selected, public),
            selection or "",
        ),
    ]


def _selected_popup(
    selection: str | None,
    zones: gpd.GeoDataFrame,
    figures: pd.DataFrame,
    shape: gpd.GeoDataFrame,
    spots: pd.DataFrame,
) -> tuple[tuple[float, float], str] | None:
    """Return where the selection's popup opens and what it says: a zone's figures, or a
    neighbourhood's name and, if it is one, "Hot spot" or "Cold spot" (the category only;
    "Not significant" is left out, as it is also what an untested council's areas read)."""
    if selection is None or shape.empty:
        return None
    zone = zones[zones["zone"] == selection]
    if not zone.empty:
        row = zone.iloc[0]
        return (float(row["label_lat"]), float(row["label_lon"])), zone_popup(selection, figures)
    point = shape.geometry.iloc[0].representative_point()
    result = spots.loc[(spots["code"] == selection) & spots["spot"].isin((HOT, COLD)), "spot"]
    rows = [("Neighbourhood", selection), ("Result", str(result.iloc[0]) if len(result) else "")]
    return (point.y, point.x), _popup_html([r for r in rows if r[1]])
