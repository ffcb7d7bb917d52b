"""The care homes and Your data pages as a user meets them, run through AppTest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import cqc_upload
from components.council_picker import COUNCIL_KEY
from components.first_run import MAP_DRAWN_KEY
from data import cqc, store
from tests.fixtures.cqc import make_fixtures as fx

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def _run(page: str, council_code: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=TIMEOUT)
    at.session_state[COUNCIL_KEY] = council_code
    at.session_state[MAP_DRAWN_KEY] = True  # a browser that has drawn a map: all shown
    at.run()
    assert not at.exception
    return at


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_router_opens_the_supply_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/supply.py").run()
    assert not at.exception
    assert at.title[0].value == "County Durham: care homes and supply"


@pytest.mark.parametrize(
    ("code", "homes"),
    [("E06000047", 96), ("E06000054", 87), ("E06000004", None), ("E10000024", None)],
)
def test_each_council_gets_labelled_illustrative_homes_before_an_import(code, homes):
    at = _run("supply.py", code)
    warning = at.warning[0].value
    assert warning.startswith("These care homes are illustrative")
    shown = int(_captions(at).split("Showing ")[1].split(" of ")[0].replace(",", ""))
    assert shown > 0 and (homes is None or shown == homes)
    table = _area_table(at)
    assert set(table["Homes are"]) == {"Illustrative"}
    assert table["Homes"].iloc[0] == shown
    homes_list = _homes_list(at)  # one row per home shown, each marked illustrative
    assert len(homes_list) == shown and set(homes_list["Homes are"]) == {"Illustrative"}
    assert homes_list["Beds"].sum() == table["Beds"].iloc[0]


def test_wiltshire_illustrative_beds_match_the_published_totals():
    at = _run("supply.py", "E06000054")
    total = _area_table(at).iloc[0]
    assert (total["Beds"], total["Nursing beds"], total["Residential beds"]) == (3929, 1455, 1629)
    assert total["Nursing and residential beds"] == 845
    assert "no population estimate is available" in at.info[0].value.lower()


def test_durham_shows_the_estimate_extra_care_and_published_supply_figures():
    at = _run("supply.py", "E06000047")
    estimate = [w.value for w in at.warning if w.value.startswith("ESTIMATE")]
    assert estimate and "postcodes" in estimate[0]
    total = _area_table(at).iloc[0]
    assert total["People 65+"] == 121_000 and total["Population"] == "Estimate"
    figures = at.dataframe[2].value
    assert "60" in set(figures["Value"]) and "9" in set(figures["Value"])
    assert (
        figures["Source"]
        .str.contains(
            "Durham County Council, "
            "County Durham Integrated Market Position Statement 2023/25, 2023"
        )
        .any()
    )


def test_filters_narrow_the_homes_shown():
    at = _run("supply.py", "E06000054")
    at.multiselect(key="cmm_supply_types").set_value(["nursing"]).run()
    assert not at.exception
    shown = _captions(at).split("Showing ")[1]
    assert not shown.startswith("87 of")
    assert _area_table(at).iloc[0]["Residential beds"] == 0
    at.slider(key="cmm_supply_min_beds").set_value(150).run()
    assert _captions(at).split("Showing ")[1].startswith("0 of 87")


def test_after_an_import_the_page_shows_real_homes_and_the_counts():
    result = cqc.import_cqc(fx.hsca_csv(), "hsca.csv", _council("E06000047"))
    store.save_import(cqc.KIND, "E06000047", result.homes, file_name="hsca.csv", rows_read=17)
    at = _run("supply.py", "E06000047")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Rows read": "17",
        "Care homes kept": "10",
        "Placed by coordinates": "5",
        "Placed by postcode": "3",
        "Not placed": "2",
    }
    today = f"{datetime.now():%-d %B %Y}"
    assert f"Care homes: Care Quality Commission, care directory, uploaded {today}." in (
        _captions(at)
    )
    assert "hsca.csv" not in _captions(at)  # the file is named in the details view
    assert any("hsca.csv, uploaded" in t.value for t in at.text)
    assert "Not placed (no coordinates; postcode not in the ONS Postcode Directory): 1" in (
        _captions(at)
    )
    assert set(_area_table(at)["Homes are"]) == {"CQC registered"}
    assert not [w for w in at.warning if w.value.startswith("These care homes are illustrative")]


def _homes_list(at) -> pd.DataFrame:
    return at.dataframe[0].value


def _area_table(at) -> pd.DataFrame:
    return at.dataframe[1].value


def _council(code: str):
    from geo.councils import list_councils

    return next(c for c in list_councils() if c.code == code)


def test_upload_refuses_a_bad_file_and_keeps_the_good_one():
    durham = _council("E06000047")
    good = cqc_upload.import_file(fx.hsca_ods(), "good.ods", durham)
    assert good.stored
    assert good.lines[0].startswith("good.ods (HSCA Active Locations .ods): 17 rows read")
    bad = cqc_upload.import_file(b"Name,Town\nx,y\n", "bad.csv", durham)
    assert not bad.stored and bad.pending is None and "bad.csv was not imported" in bad.lines[0]
    assert "no header row found" in bad.lines[0]
    record, homes = store.current_import(cqc.KIND, "E06000047")
    assert record.file_name == "good.ods" and len(homes) == 10


def test_an_upload_that_spends_its_time_budget_is_refused_and_the_earlier_file_kept(
    monkeypatch,
):
    from itertools import count

    from data import budget

    durham = _council("E06000047")
    assert cqc_upload.import_file(fx.hsca_ods(), "good.ods", durham).stored
    ticks = count()
    monkeypatch.setattr(budget, "_clock", lambda: next(ticks) * 6.0)  # six seconds a stage
    slow = cqc_upload.import_file(fx.directory_csv(), "slow.csv", durham)
    assert not slow.stored and slow.pending is None
    assert "slow.csv was not loaded" in slow.lines[0]
    assert "stopped before placing the homes on the map" in slow.lines[0]
    record, homes = store.current_import(cqc.KIND, "E06000047")
    assert record.file_name == "good.ods" and len(homes) == 10


def test_your_data_page_lists_imports_and_restores_an_earlier_one():
    durham = _council("E06000047")
    assert cqc_upload.import_file(fx.hsca_ods(), "first.ods", durham).stored
    assert cqc_upload.import_file(fx.directory_csv(), "second.csv", durham).stored
    at = _run("your_data.py", "E06000047")
    history = at.dataframe[0].value
    assert list(history["File"]) == ["second.csv", "first.ods"]
    assert list(history["Current"]) == ["yes", ""]
    at.button(key="cmm_restore_care_homes_button").click().run()
    assert not at.exception
    record, homes = store.current_import(cqc.KIND, "E06000047")
    assert record.file_name == "first.ods" and len(homes) == 10
    assert "No population imported for County Durham yet." in _captions(at)


def test_an_imported_population_replaces_the_estimate(durham):
    from data import population

    rows = [
        {"AREA_CODE": code, "AGE_GROUP": age, "2023": 10, "2030": 20}
        for code in durham.lsoas["code"]
        for age in ("60-64", "65-69", "85+")
    ]
    raw = pd.DataFrame(rows).to_csv(index=False).encode()
    totals = population.read_population(raw, "ons.csv")
    kept = population.population_for_council(totals, durham, "ons.csv")
    store.save_import(population.KIND, "E06000047", kept, file_name="ons.csv", rows_read=len(rows))
    at = _run("supply.py", "E06000047")
    total = _area_table(at).iloc[0]
    lsoas = len(durham.lsoas)
    assert total["Population"] == "ONS, 2030"
    assert (total["People 65+"], total["People 85+"]) == (40 * lsoas, 20 * lsoas)
    assert not [w for w in at.warning if w.value.startswith("ESTIMATE")]
    assert "Office for National Statistics, population estimates or projections" in (_captions(at))
    at.selectbox(key="cmm_population_year").set_value(2023).run()
    assert _area_table(at).iloc[0]["People 65+"] == 20 * lsoas
