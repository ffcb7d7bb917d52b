"""End to end: England's care homes drawn as dots on one canvas, in headless Chromium offline.

Guards the rendering approach in the browser: every home is drawn, yet the map holds
no Leaflet layer per home, and a home's name still shows under the mouse.
"""

import pytest

from tests.e2e.conftest import THE_MAP

pytestmark = pytest.mark.browser
PAINT_TIMEOUT_MS = 120_000
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
THE_DOTS = f"Object.values(({THE_MAP})._layers).find(layer => layer instanceof L.CmmDots)"
# Every home in the files the map fetched, counted in the page from those same files.
HOMES_IN_FILES = """async () => {
    const urls = [...document.querySelectorAll('link[rel="preload"][href*="/homes-"]')]
        .map(link => link.href);
    const files = await Promise.all(urls.map(url => fetch(url).then(r => r.json())));
    return files.reduce((sum, file) => sum + file.features.length, 0);
}"""


def _painted_england(offline_page):
    offline_page.page.goto(f"{offline_page.app_url}/england")
    frame = offline_page.map_frame_object()
    frame.wait_for_function(
        f"() => {{ const dots = {THE_DOTS}; return Boolean(dots && dots.drawn > 0"
        " && dots.drawn === dots.points"
        " && dots._sets.length === document.querySelectorAll("
        '\'link[rel="preload"][href*="/homes-"]\').length); }',
        timeout=PAINT_TIMEOUT_MS,
        polling=100,
    )
    return frame


@pytest.fixture
def england_page(app_url, offline_page):
    offline_page.app_url = app_url
    offline_page.page.set_default_timeout(PAINT_TIMEOUT_MS)
    return offline_page


def test_every_home_is_drawn_without_a_leaflet_layer_each(england_page):
    frame = _painted_england(england_page)
    homes = frame.evaluate(HOMES_IN_FILES)
    assert homes >= 10_000  # the illustrative national set, or an imported CQC directory
    points, drawn, layers = frame.evaluate(
        f"() => {{ const d = {THE_DOTS}; return [d.points, d.drawn,"
        f" Object.keys(({THE_MAP})._layers).length]; }}"
    )
    assert points == homes
    assert drawn == homes  # England zoom: every home is in view
    assert layers < 1_000, f"{layers} Leaflet layers: a layer per home is back"
    # The dots are on the page's canvas, in every care type's colour that has homes.
    inked = frame.evaluate(
        """() => {
            const canvas = document.querySelector('canvas.cmm-england-homes');
            const data = canvas.getContext('2d')
                .getImageData(0, 0, canvas.width, canvas.height).data;
            const seen = new Set();
            for (let i = 0; i < data.length; i += 4) {
                if (data[i + 3] > 200) { seen.add([data[i], data[i + 1], data[i + 2]].join()); }
            }
            return [...seen];
        }"""
    )
    colours = frame.evaluate(f"() => ({THE_DOTS})._sets.map(set => set.colour)")
    for colour in colours:
        rgb = ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
        assert any(_near(rgb, seen) for seen in inked), f"no dot drawn in {colour}"
    assert england_page.blocked == []


def _near(expected: str, seen: str, tolerance: int = 30) -> bool:
    # Dots are drawn at 90 % opacity over the shading, so a pixel is near its colour.
    pairs = zip(expected.split(","), seen.split(","), strict=True)
    return all(abs(int(a) - int(b)) <= tolerance for a, b in pairs)


def test_a_home_under_the_mouse_shows_its_name_alone(england_page):
    frame = _painted_england(england_page)
    page = england_page.page
    # A dot with no other within 12 px, where the mouse is sure to find it.
    x, y, label = frame.evaluate(
        f"""() => {{
            const map = {THE_MAP}, dots = {THE_DOTS};
            const all = Object.values(dots._grid).flat();
            const alone = all.find(a => all.every(b => a === b
                || Math.hypot(a[0] - b[0], a[1] - b[1]) > 12));
            const at = map.layerPointToContainerPoint(L.point(alone[0], alone[1])
                .add(dots._origin));
            window.cmmAlone = alone[2];
            return [at.x, at.y, alone[2].label];
        }}"""
    )
    box = page.locator("iframe.cmm-map-frame").bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    tip = frame.locator(".leaflet-tooltip.cmm-home-tip")
    tip.wait_for(state="visible")
    # Leaflet shows the label as HTML: the escaped label reads as the home's own text.
    text = frame.evaluate(
        "(html) => { const d = document.createElement('div');"
        " d.innerHTML = html; return d.textContent; }",
        label,
    )
    assert tip.inner_text() == text
    assert "beds" in text
    # The council's tooltip under the same point is hidden while the home's shows.
    assert frame.locator(".leaflet-tooltip:visible").count() == 1
    page.mouse.move(box["x"] + x, box["y"] - 10)  # off the map
    tip.wait_for(state="hidden")
    # The same home moved under the layer list: over the list, its name does not show.
    cx, cy = frame.evaluate(
        f"""() => {{
            const map = {THE_MAP}, dots = {THE_DOTS};
            const list = document.querySelector('.leaflet-control-layers').getBoundingClientRect();
            const centre = L.point(list.left + list.width / 2, list.top + list.height / 2);
            const home = map.latLngToContainerPoint(window.cmmAlone.latlng);
            map.panBy(home.subtract(centre), {{animate: false}});
            const under = dots._nearest(map.containerPointToLayerPoint(centre)
                .subtract(dots._origin));
            if (under !== window.cmmAlone) {{ throw new Error("the home is not under the list"); }}
            return [centre.x, centre.y];
        }}"""
    )
    page.mouse.move(box["x"] + cx, box["y"] + cy)
    frame.evaluate(TWO_FRAMES)  # the move is read once a frame
    assert frame.evaluate(f"() => Boolean(({THE_DOTS})._last.target.closest('.leaflet-control'))")
    assert frame.locator(".leaflet-tooltip.cmm-home-tip:visible").count() == 0


def test_zooming_in_redraws_the_homes_in_view_larger(england_page):
    frame = _painted_england(england_page)
    before = frame.evaluate(f"() => [({THE_DOTS})._radiusDrawn, ({THE_DOTS}).drawn]")
    frame.evaluate(f"() => {{ ({THE_MAP}).setView([54.78, -1.57], 11, {{animate: false}}); }}")
    frame.wait_for_function(f"() => ({THE_DOTS})._radiusDrawn > {before[0]}")
    radius, drawn, points = frame.evaluate(
        f"() => {{ const d = {THE_DOTS}; return [d._radiusDrawn, d.drawn, d.points]; }}"
    )
    assert radius > before[0]
    assert 0 < drawn < points  # only the homes near Durham are in view
