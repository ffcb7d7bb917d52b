"""The map component: draws a folium map once and keeps pan and zoom in the browser."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

MAP_HEIGHT = 560


def render_map(
    fmap: folium.Map,
    *,
    key: str,
    extra_layers: list[folium.FeatureGroup] | None = None,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
) -> None:
    """Show a map; layers that change between runs go in `extra_layers`.

    `fmap` must be built without a layer control (`build_council_map(...,
    layer_control=False)`): the control is added here, after the extra layers, so it
    lists them all. `returned_objects=[]` means panning and zooming never rerun the
    script, and the base map's HTML stays the same across runs, so the browser does not
    redraw it.
    """
    st_folium(
        fmap,
        key=key,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=extra_layers,
        layer_control=folium.LayerControl(collapsed=False),
        center=center,
        zoom=zoom,
    )
