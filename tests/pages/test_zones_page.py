"""The zones page as a user meets it: layers labelled, imports replace illustrations, selection."""

from __future__ import annotations

from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

from charts.unmet import unmet_over_time
from components.selection import SELECTION_KEY
from geo.councils import FEATURED_CODES
from market.disclosure import WITHHELD
from tests.apptest import open_page, shown_text

PAGE = "pages/zones.py"


# The layers' tables, opened as a keyboard or screen-reader user would.
ZONE_TABLES = (
    "cmm_zones_download",
    "cmm_uplift_download",
    "cmm_hotspots_download",
    "cmm_zones_trend_csv",
)


def _open(code: str, **query: str) -> AppTest:
    return open_page(PAGE, council=code, query=query, tables=ZONE_TABLES)


def _text(at: AppTest) -> str:
    return shown_text(at)


def _uploader(at: AppTest, key: str):
    return next(u for u in at.get("file_uploader") if u.proto.id.endswith(key) or key in u.proto.id)


def _zones_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Zone" in d.value.columns)


@pytest.mark.parametrize("code", FEATURED_CODES)
def test_each_council_draws_three_labelled_layers_with_illustrative_data(code):
    at = _open(code)
    text = _text(at)
    assert at.title[0].value.endswith(": home care zones and unmet need")
    assert "Illustrative" in text and "Not the council's real zones" in text
    assert "Rural or urban: Derived, not the ONS classification" in text
    # Illustrative packages are marked at the top and again on their chart.
    assert text.count("Illustrative packages") == 2
    assert "Local Getis-Ord Gi*" in text and "999 conditional permutations" in text
    for name in ("Home care zones", "Rural uplift areas", "Hot spots of unmet packages"):
        assert name in text
    zones = _zones_table(at)
    counts = zones["Unmet packages"]
    assert all(c in ("fewer than 5", "0", WITHHELD) or int(c.replace(",", "")) >= 5 for c in counts)
    # Where a zone is small, at least one other is withheld beside it (or the total is).
    if "fewer than 5" in set(counts):
        assert WITHHELD in set(counts) or list(counts).count("fewer than 5") > 1
    # Every layer's table offers its download, the same way as every other table.
    downloads = {button.label for button in at.get("download_button")}
    assert downloads == {"Download CSV"} and len(at.get("download_button")) == 4


def test_county_durham_costs_its_three_pound_uplift():
    at = _open("E06000047")
    assert len(_zones_table(at)) == 10
    assert (
        "£3.00 a visit is published (Durham County Council, "
        "County Durham Integrated Market Position Statement 2023/25, 2023" in _text(at)
    )
    # Every illustrative zone has a rural or urban part of fewer than 5 packages: from the
    # package list the cost cannot be shown without showing someone's care...
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Qualifying visits a week"] == metrics["Weekly cost"] == "not shown"
    assert any("Enter the visits a week above" in i.value for i in at.info)
    # ...and visits entered by hand are costed.
    visits = 120
    at.number_input(key="cmm_uplift_visits").set_value(visits).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Weekly cost"] == f"£{visits * 3:,.2f}"
    at.number_input(key="cmm_uplift_per_visit").set_value(4.0).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Weekly cost"] == f"£{visits * 4:,.2f}"
    assert metrics["Annual cost (52 weeks)"] == f"£{visits * 4 * 52:,.2f}"


def test_the_rules_areas_reach_the_map_layers_table_and_its_rate_does_not():
    at = _open("E06000047")

    def uplift_areas() -> int:
        return len(next(d.value for d in at.dataframe if "LSOA" in d.value.columns))

    rural = uplift_areas()
    assert rural > 0
    at.number_input(key="cmm_uplift_per_visit").set_value(5.0).run()
    assert uplift_areas() == rural
    at.checkbox(key="cmm_uplift_rural").uncheck().run()
    assert uplift_areas() > rural
    assert at.number_input(key="cmm_uplift_per_visit").value == 5.0


def test_wiltshire_offers_three_and_fifteen_zones():
    at = _open("E06000054")
    layouts = at.radio[0]
    assert [o.split(" as ")[0] for o in layouts.options] == ["3 zones", "15 zones"]
    layouts.set_value(layouts.options[1]).run()
    assert len(_zones_table(at)) == 15


def test_a_zone_in_the_link_is_selected_and_followed_by_the_charts():
    at = _open("E06000047", zone="Zone 6: Durham")
    text = _text(at)
    assert "**Showing:** Zone 6: Durham" in text
    # Month by month for the whole council only: a zone's months could give a small count.
    assert "Unmet packages over time: the whole of County Durham" in text
    assert at.query_params["zone"] == "Zone 6: Durham"
    assert list(_zones_table(at)["Zone"]) == ["Zone 6: Durham"]
    at.switch_page("pages/fees.py").run()
    assert "Selected on the zones map: Zone 6\\: Durham. Figures below" in at.info[0].value
    assert "none are published per zone" in at.info[0].value
    at.switch_page(PAGE).run()
    at.button(key="cmm_clear_zone").click().run()
    assert at.session_state[SELECTION_KEY] is None
    assert "**Showing:** the whole of County Durham" in _text(at)


def test_a_rerun_with_the_same_packages_draws_the_chart_built_before(monkeypatch):
    # A click on the map or a brushed range reruns the page with the same unmet packages.
    import components.zone_panels as panels

    built = []

    def counted(trend):
        built.append(trend.step)
        return unmet_over_time(trend)

    monkeypatch.setattr(panels, "unmet_over_time", counted)
    panels.unmet_chart.clear()
    at = open_page(PAGE, council="E06000047")
    first = at.get("vega_lite_chart")[0].proto.spec
    at.run()
    assert len(built) == 1
    assert at.get("vega_lite_chart")[0].proto.spec == first
    assert '"Unmet packages"' in first


def test_an_unknown_zone_in_the_link_shows_the_whole_council():
    at = _open("E06000047", zone="<script>")
    assert "**Showing:** the whole of County Durham" in _text(at)


def test_a_zone_file_that_cannot_be_saved_is_reported_and_the_zones_in_use_stay(
    durham, monkeypatch
):
    from components import uploads, zone_data

    down, real = [True], uploads.store.save_imports
    reads, real_read = [], zone_data._read_zones

    def unreachable(*args, **kwargs):
        if down[0]:
            raise OSError("database unreachable")
        return real(*args, **kwargs)

    def counted_read(*args, **kwargs):
        reads.append(args[1])
        return real_read(*args, **kwargs)

    monkeypatch.setattr(uploads.store, "save_imports", unreachable)
    monkeypatch.setattr(zone_data, "_read_zones", counted_read)
    at = _open("E06000047")
    before = list(_zones_table(at)["Zone"])
    msoas = sorted(durham.msoas["code"])
    lookup = "area_code,zone,providers\n" + "".join(f"{m},One,3\n" for m in msoas)
    _uploader(at, "cmm_zone_upload").set_value(("zones.csv", lookup.encode(), "text/csv")).run()
    assert not at.exception
    assert "zones.csv was read but could not be saved\\: OSError" in at.error[0].value
    assert list(_zones_table(at)["Zone"]) == before
    # The file was not marked as taken: once the database is back, the next run saves it.
    down[0] = False
    at.run()
    assert not at.exception
    assert "Loaded 1 zones from zones.csv." in at.success[0].value
    assert reads == ["zones.csv"]  # checked once; only the save was tried again
    at.run()
    assert list(_zones_table(at)["Zone"]) == ["One"]


def test_uploads_replace_the_illustrative_data_and_bad_files_leave_it(durham):
    at = _open("E06000047")
    msoas = sorted(durham.msoas["code"])
    lookup = "area_code,zone,providers\n" + "".join(
        f"{m},{'North' if i < 30 else 'South'},3\n" for i, m in enumerate(msoas)
    )
    _uploader(at, "cmm_zone_upload").set_value(("zones.csv", lookup.encode(), "text/csv")).run()
    assert not at.exception
    assert "Loaded 2 zones from zones.csv." in at.success[0].value
    at.run()
    today = f"{datetime.now():%-d %B %Y}"
    assert f"Source: County Durham, home care zones, uploaded {today}." in _text(at)
    assert list(_zones_table(at)["Zone"]) == ["North", "South"]
    bad = "area_code,zone\nE01999999,North\n"
    _uploader(at, "cmm_zone_upload").set_value(("bad.csv", bad.encode(), "text/csv")).run()
    assert "bad.csv was not loaded" in at.error[0].value
    assert list(_zones_table(at)["Zone"]) == ["North", "South"]
    ruc = "LSOA11CD,RUC11CD,RUC11\n" + "".join(
        f"{c},E1,Rural village\n" for c in durham.lsoas["code"]
    )
    _uploader(at, "cmm_ruc_upload").set_value(("ruc.csv", ruc.encode(), "text/csv")).run()
    at.run()
    assert (
        "Rural or urban: Office for National Statistics, Rural Urban Classification, "
        f"uploaded {today}"
    ) in _text(at)
    packages = "date,postcode,hours_per_week,status,reason\n" + "".join(
        "2024-01-05,DL15 8NN,7,waiting,staffing\n" for _ in range(6)
    )
    _uploader(at, "cmm_packages_upload").set_value(
        ("list.csv", packages.encode(), "text/csv")
    ).run()
    at.run()
    text = _text(at)
    assert (
        "Unmet packages: County Durham, home care packages waiting or handed back, "
        f"uploaded {today}."
    ) in text
    counts = _zones_table(at)["Unmet packages"]
    assert sorted(counts) == ["0", "6"]
