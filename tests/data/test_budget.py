"""Uploads share one wall-clock budget and one way of refusing too many rows."""

from __future__ import annotations

import json
from itertools import count

import pytest

from data import budget
from data.budget import UploadTooSlowError, check_time, upload_budget
from data.figures import MAX_ROWS as FIGURE_ROWS
from data.figures import FigureFileError, parse_figures_csv
from data.packages import MAX_ROWS as PACKAGE_ROWS
from data.packages import PackageFileError, read_packages_csv
from data.problems import line_count
from data.rurality_files import MAX_ROWS as RUC_ROWS
from data.rurality_files import RuralityFileError, read_ruc_csv
from data.zone_files import MAX_LOOKUP_ROWS, ZoneFileError, read_zone_geojson, read_zone_lookup
from tests.fuzz.corpus import valid_files


@pytest.fixture
def slow_clock(monkeypatch):
    """A clock that moves on `step` seconds every time it is read."""

    def install(step: float) -> None:
        ticks = count()
        monkeypatch.setattr(budget, "_clock", lambda: next(ticks) * step)

    return install


def _squares(n: int) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"zone": f"Zone {i}"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [-1.7 + i / 100, 54.7],
                        [-1.69 + i / 100, 54.7],
                        [-1.69 + i / 100, 54.71],
                        [-1.7 + i / 100, 54.7],
                    ]
                ],
            },
        }
        for i in range(n)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def test_a_file_that_spends_its_budget_is_refused_saying_where_it_stopped(slow_clock):
    slow_clock(1.0)  # one second per step: the 10-second budget is spent after zone 10
    with upload_budget("zones.geojson"), pytest.raises(UploadTooSlowError) as caught:
        read_zone_geojson(_squares(50), "zones.geojson")
    message = str(caught.value)
    assert message.startswith("zones.geojson was not loaded")
    assert "longer than the 10 seconds an upload may take" in message
    assert "before zone feature 11" in message


def test_the_same_file_reads_with_time_to_spare_and_outside_an_upload(slow_clock):
    shapes = read_zone_geojson(_squares(50), "zones.geojson")  # no budget: the packs, the CLI
    slow_clock(0.1)
    with upload_budget("zones.geojson"):
        assert read_zone_geojson(_squares(50), "zones.geojson").equals(shapes)


def test_every_importer_checks_the_budget(slow_clock, durham):
    slow_clock(100.0)  # spent at the first check
    readers = {
        "figures": parse_figures_csv,
        "packages": lambda raw, name: read_packages_csv(raw, name, durham),
        "ruc": read_ruc_csv,
        "zone_lookup": read_zone_lookup,
    }
    for importer, read in readers.items():
        name, raw = valid_files()[importer]
        with upload_budget(name), pytest.raises(UploadTooSlowError, match=name):
            read(raw, name)


def test_the_budget_ends_with_its_upload(slow_clock):
    slow_clock(100.0)
    with upload_budget("a.csv"), pytest.raises(UploadTooSlowError):
        check_time("anything")
    check_time("after the upload")  # no budget open: nothing to refuse


@pytest.mark.parametrize(
    ("importer", "limit", "error", "read"),
    [
        ("figures", FIGURE_ROWS, FigureFileError, parse_figures_csv),
        ("zone_lookup", MAX_LOOKUP_ROWS, ZoneFileError, read_zone_lookup),
        ("ruc", RUC_ROWS, RuralityFileError, read_ruc_csv),
        ("packages", PACKAGE_ROWS, PackageFileError, None),
    ],
)
def test_a_file_with_more_rows_than_its_importer_takes_is_refused_before_parsing(
    importer, limit, error, read, durham
):
    name, raw = valid_files()[importer]
    header, first = raw.decode().splitlines()[:2]
    too_long = ("\n".join([header, *[first] * (limit + 1)]) + "\n").encode()
    just_right = ("\n".join([header, *[first] * 3]) + "\n").encode()
    read = read or (lambda raw, name: read_packages_csv(raw, name, durham))
    with pytest.raises(error) as caught:
        read(too_long, name)
    assert f"expected at most {limit:,} rows below the header, found {limit + 1:,}" in str(
        caught.value
    )
    try:
        read(just_right, name)
    except error as refused:  # refused for what the rows hold, never for their number
        assert "rows below the header" not in str(refused)


def test_lines_are_counted_as_a_spreadsheet_shows_them():
    assert line_count("a\nb\n") == line_count("a\nb") == line_count(b"a\nb") == 2
    assert line_count("") == 0


def test_lines_broken_by_carriage_returns_alone_are_counted_too():
    assert line_count("a\rb\rc") == line_count(b"a\r\nb\r\nc\r\n") == line_count("a\nb\rc\n") == 3


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_the_row_limit_holds_whatever_ends_the_lines(newline):
    name, raw = valid_files()["zone_lookup"]
    header, first = raw.decode().splitlines()[:2]
    too_long = newline.join([header, *[first] * (MAX_LOOKUP_ROWS + 1)]).encode()
    with pytest.raises(ZoneFileError, match=f"found {MAX_LOOKUP_ROWS + 1:,} lines below it"):
        read_zone_lookup(too_long, name)


def test_a_cqc_file_is_limited_by_its_homes_not_the_notes_above_its_header(monkeypatch):
    from data import cqc
    from tests.fuzz.corpus import CQC_FIXTURES

    raw = (CQC_FIXTURES / "cqc_directory.csv").read_bytes()  # 7 homes under 3 lines of notes
    monkeypatch.setattr(cqc, "MAX_ROWS", 7)
    assert len(cqc.import_cqc(raw, "directory.csv").homes) > 0
    monkeypatch.setattr(cqc, "MAX_ROWS", 6)
    with pytest.raises(cqc.CqcFileError, match="at most 6 rows below the header, found 7;"):
        cqc.import_cqc(raw, "directory.csv")
