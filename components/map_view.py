"""The map component: draws a folium map in the page, keeps pan and zoom while it stays
the same, and reports clicks back where a page asks for them.

A small Streamlit v2 component (no bundle of its own) writes folium's HTML into an iframe's
`srcdoc`. streamlit-folium's component first loads its own script bundle into its iframe
and only then Leaflet, one after the other, which took the county map page from about 1.3
to 2.3 times a bare page's load (`bench/map_component.py`); every map, the zones map
included, is now drawn here.

Folium names every element with a random id, so the same map would differ from run to run;
the ids are renumbered in order, so an unchanged map gives the same HTML, the browser keeps
the map as it is (with the reader's pan and zoom), and only a changed map is drawn again.
When only the layers passed as `extra_layers` change (a new selection, a brushed range),
they are swapped inside the frame, as streamlit-folium's `feature_group_to_add` did, and
the view is kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import folium
import streamlit as st
from branca.element import MacroElement
from folium.map import FitBounds
from folium.template import Template

from components.first_run import MAP_DRAWN_KEY, map_asked_for_a_run, map_sent_asking
from maps.assets import use_local_assets

MAP_HEIGHT = 560
FRAME_CLASS = "cmm-map-frame"
# The component's script (bench/map_component.py times it on a page of its own). A map
# whose frame is unchanged and whose layers changed gets the new layers in place
# (`cmmLayers.swap`, below), keeping the reader's pan and zoom; a new frame is drawn whole.
MAP_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const holder = parentElement.querySelector(".cmm-map");
  let frame = holder.querySelector("iframe");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.className = data.frame_class;
    frame.style.cssText = "width:100%;border:0;display:block";
    holder.appendChild(frame);
  }
  frame.title = data.title;
  frame.style.height = data.height + "px";
  frame.cmmClick = data.reports_clicks ? (value) => setTriggerValue("click", value) : null;
  // Asked for by a page that holds back its tables: called once the map has been drawn,
  // from the frame (cmmLayers.end) or, for a frame already drawn, here.
  // A map page left before its map was drawn (a page link clicked) must not then call for
  // a run of itself: that run would take the reader back. The address changes only when
  // the next page's run starts, about 0.3 s after the click, so the click is noted.
  if (!window.cmmNotesLeaving) {
    window.cmmNotesLeaving = true;
    document.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest(
        '[data-testid="stSidebarNavLink"], [data-testid="stPageLink-NavLink"]');
      if (link) { window.cmmLeftPage = true; }
    }, true);
  }
  window.cmmLeftPage = false;  // this run's page is the one shown
  frame.cmmDrawn = data.rerun_when_drawn
    ? () => {
      if (frame.isConnected && !window.cmmLeftPage) { setTriggerValue("drawn", true); }
    }
    : null;
  if (frame.cmmDrawn) {
    // A map that is never drawn (its script failed) must not hold the page back for good.
    const waiting = frame.cmmDrawn;
    setTimeout(() => {
      if (frame.cmmDrawn === waiting) { frame.cmmDrawn = null; waiting(); }
    }, data.drawn_by_ms);
  }
  const same = frame.dataset.digest === data.digest;
  if (same && frame.dataset.layers === data.layers_digest) {
    if (!frame.cmmLoading && frame.cmmDrawn) {
      const drawn = frame.cmmDrawn;
      frame.cmmDrawn = null;
      drawn();
    }
    return;
  }
  const layers = !frame.cmmLoading && frame.contentWindow && frame.contentWindow.cmmLayers;
  if (same && layers && layers.ready()) {
    try {
      layers.swap(data.layers);
      frame.dataset.layers = data.layers_digest;
      return;
    } catch (error) {
      // The layers could not be swapped: the map is drawn anew, below.
    }
  }
  frame.cmmLoading = true;
  frame.dataset.digest = data.digest;
  frame.dataset.layers = data.layers_digest;
  frame.srcdoc = data.frame.slice(0, data.at) + data.layers + data.frame.slice(data.at);
}
"""
COMPONENT_NAME = "cmm_map"
# A map asked to rerun the page once drawn does so after this long even if never drawn.
DRAWN_BY_MS = 5000
_MAP = st.components.v2.component(
    COMPONENT_NAME, html="<div class='cmm-map'></div>", js=MAP_JS, isolate_styles=False
)
# In the map's frame: notes the layers (and layer list) added between begin and end, so that
# swap can take them off the map and run the next run's layers in their place, leaving off
# those the reader switched off; at the end, tells the component the frame is drawn (and,
# where the page asked, that it may go on).
LAYERS_RUNTIME = """<script>
window.cmmLayers = (function () {
  var map = null, added = [], controls = [], listening = null, addTo = null, done = false;
  function begin(target) {
    map = target; added = []; controls = []; done = false;
    listening = function (event) { added.push(event.layer); };
    map.on("layeradd", listening);
    addTo = L.Control.prototype.addTo;
    L.Control.prototype.addTo = function (on) { controls.push(this); return addTo.call(this, on); };
  }
  function end() {
    map.off("layeradd", listening);
    L.Control.prototype.addTo = addTo;
    done = true;
    var frame = null;
    try { frame = window.frameElement; } catch (error) { return; }
    if (!frame) { return; }
    frame.cmmLoading = false;
    var drawn = frame.cmmDrawn;
    if (!drawn) { return; }
    frame.cmmDrawn = null;
    // Two frames on, the map has been painted.
    requestAnimationFrame(function () { requestAnimationFrame(drawn); });
  }
  // The overlays the reader has switched off in the layer list, by name.
  function switchedOff() {
    var off = {};
    controls.forEach(function (control) {
      (control._layers || []).forEach(function (entry) {
        if (entry.overlay && !map.hasLayer(entry.layer)) { off[entry.name] = true; }
      });
    });
    return off;
  }
  function swap(script) {
    var off = switchedOff();
    controls.forEach(function (control) { control.remove(); });
    added.forEach(function (layer) { map.removeLayer(layer); });
    begin(map);
    try { (0, eval)(script); } finally { end(); }
    // A layer the reader switched off stays off when it comes back with new contents.
    controls.forEach(function (control) {
      (control._layers || []).forEach(function (entry) {
        if (entry.overlay && off[entry.name]) { map.removeLayer(entry.layer); }
      });
    });
  }
  return { begin: begin, end: end, swap: swap, ready: function () { return done; } };
})();
</script>"""
# The marks stand on lines of their own: text from a layer's data is always inside a
# quoted string, on a line with more than the mark.
_LAYERS_BEGIN = re.compile(r"^[ \t]*cmmLayers\.begin\(\w+\);[ \t]*$", re.MULTILINE)
_LAYERS_END = re.compile(r"^[ \t]*cmmLayers\.end\(\);[ \t]*$", re.MULTILINE)


class _LayersMark(MacroElement):
    """Mark where the layers that change from run to run begin or end in the map's script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.begin %}
        cmmLayers.begin({{ this._parent.get_name() }});
        {% else %}
        cmmLayers.end();
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, *, begin: bool):
        super().__init__()
        self._name = "LayersMark"
        self.begin = begin


_FOLIUM_ID = re.compile(r"(?<=[a-z]_)[0-9a-f]{32}(?![0-9a-f])")


class _SetView(MacroElement):
    """Set the map's view: its first, in place of a fit to bounds (see `_start_at`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.setView([{{ this.lat }}, {{ this.lon }}], {{ this.zoom }});
        {% endmacro %}
        """
    )

    def __init__(self, center: tuple[float, float], zoom: float):
        super().__init__()
        self._name = "SetView"
        self.lat, self.lon = (float(value) for value in center)
        self.zoom = float(zoom)


def _start_at(fmap: folium.Map, center: tuple[float, float], zoom: float) -> None:
    """Have the map start at `center` and `zoom` instead of fitting itself to bounds.

    The fit goes (it would draw every layer first at its own view), and the map keeps no
    starting view of its own, so each layer is drawn once, at this one
    (maps.mapping.fit_once).
    """
    for name, child in list(fmap._children.items()):
        if isinstance(child, FitBounds):
            del fmap._children[name]
    fmap.location = None
    fmap.add_child(_SetView(center, zoom))


def stable_html(fmap: folium.Map) -> str:
    """Return the map's whole HTML document, folium's random ids renumbered in order."""
    html = fmap.get_root().render()
    numbers: dict[str, str] = {}
    return _FOLIUM_ID.sub(lambda found: numbers.setdefault(found[0], f"{len(numbers):032d}"), html)


def split_layers(html: str) -> tuple[str, str, int]:
    """Return the map's frame (its HTML less the changing layers), the layers' script, and
    where in the frame the layers go."""
    (begin,) = _LAYERS_BEGIN.finditer(html)
    (end,) = _LAYERS_END.finditer(html, begin.end())
    at = begin.end()
    return html[:at] + html[end.start() :], html[at : end.start()], at


def whole_document(data: dict[str, Any]) -> str:
    """Return the map's whole HTML document from what the component is sent, as the
    browser puts it together for a new frame (slicing UTF-16, as JavaScript does)."""
    frame = data["frame"].encode("utf-16-le", "surrogatepass")
    at = 2 * data["at"]
    layers = data["layers"].encode("utf-16-le", "surrogatepass")
    return (frame[:at] + layers + frame[at:]).decode("utf-16-le", "surrogatepass")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def map_data(
    fmap: folium.Map,
    *,
    extra_layers: list[folium.FeatureGroup] | None = None,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    title: str = "Map",
    height: int = MAP_HEIGHT,
) -> dict[str, Any]:
    """Return what the component is sent: the map's HTML less its changing layers, the
    layers' script, where it goes, and a digest of each (see `render_map`)."""
    fmap.height = (100, "%")  # the frame's height, so a fit to bounds fits what is seen
    fmap.get_root().header.add_child(folium.Element(LAYERS_RUNTIME), name="cmm_layers")
    if center is not None and zoom is not None:
        _start_at(fmap, center, zoom)
    fmap.add_child(_LayersMark(begin=True))
    for layer in extra_layers or []:
        fmap.add_child(layer)
    fmap.add_child(folium.LayerControl(collapsed=False))
    fmap.add_child(_LayersMark(begin=False))
    frame, layers, at = split_layers(stable_html(use_local_assets(fmap)))
    # The whole document is the frame with the layers at `at`: each part is sent once.
    # `at` counts UTF-16 code units, as JavaScript's slice does.
    return {
        "frame": frame,
        "at": len(frame[:at].encode("utf-16-le", "surrogatepass")) // 2,
        "digest": _digest(frame),
        "layers": layers,
        "layers_digest": _digest(layers),
        "height": height,
        "title": title,
        "frame_class": FRAME_CLASS,
    }


def _nothing() -> None:
    """A callback that does nothing: the component is always given the same callbacks, so
    it stays the same element (and keeps its frame) from run to run."""


def render_map(
    fmap: folium.Map,
    *,
    key: str,
    on_click: Callable[[], None] | None = None,
    rerun_when_drawn: bool = False,
    **drawn: Any,
) -> None:
    """Show a map; layers that change between runs go in `extra_layers` (see `map_data`
    for `extra_layers`, `center`, `zoom`, `title` and `height`).

    `fmap` must be built without a layer control (`build_council_map(...,
    layer_control=False)`): the control is added here, after the extra layers, so it
    lists them all. `title` names the map for screen readers. When only the extra layers
    change, they are swapped in place and the reader's view is kept.

    `on_click` makes the map report clicks: a layer's script calls
    `window.frameElement.cmmClick(value)` (maps.zone_layers.ReportClick), and `on_click`
    runs before the page does, with the value in `clicked_value(key)`.
    `rerun_when_drawn` has the browser run the page again once this map has been
    drawn (see `hold_back_below_map`).
    """
    data = {
        **map_data(fmap, **drawn),
        "reports_clicks": on_click is not None,
        "rerun_when_drawn": rerun_when_drawn,
        "drawn_by_ms": DRAWN_BY_MS,
    }
    if rerun_when_drawn:
        map_sent_asking()
    _MAP(
        data=data,
        key=key,
        on_click_change=on_click or _nothing,
        on_drawn_change=map_asked_for_a_run,
    )


HELD_BACK_NOTE = "The rest of the page follows once the map is drawn."


def render_held_back_note() -> None:
    """Say, below the map, that what the page held back is on its way."""
    st.caption(HELD_BACK_NOTE)


def hold_back_below_map() -> bool:
    """Return True in the session's first run of a page that sends its map first; pass the
    result to `render_map(rerun_when_drawn=...)`.

    In that run the page sends its map without the tables, charts and widgets it can do
    without: those below the map, and the contents of closed expanders above it (where
    they arrive without moving the map). Streamlit draws everything a run sends in one
    pass, so each of them put a new visitor's map later: the care homes map waited for
    the table code (about 1.2 MB), the zones map for the chart's, and the filters cost
    about 0.35 times a bare page (README, issue 15). Once the map has been drawn, the
    browser runs the page again (components.first_run) and the rest follows. The
    sidebar's widgets wait too, in a session's first run (app.py). Any later run shows
    everything; a map never drawn asks for the run after `DRAWN_BY_MS` all the same.
    """
    first = not st.session_state.get(MAP_DRAWN_KEY, False)
    st.session_state[MAP_DRAWN_KEY] = True
    return first


def clicked_value(key: str) -> Any:
    """Return what the map under `key` reported on its last click (None if nothing)."""
    state = st.session_state.get(key)
    if state is None:
        return None
    return state.get("click") if hasattr(state, "get") else getattr(state, "click", None)
