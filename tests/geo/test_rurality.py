"""Rurality: the ONS classification in either layout, and the named density stand-in."""

from __future__ import annotations

import pytest

from data.rurality_files import RuralityFileError, read_ruc_csv
from geo.rurality import (
    RURAL_POSTCODES_PER_KM2,
    classify_by_density,
    classify_from_ruc,
)


def test_the_2011_layout_reads_codes_a1_to_f2():
    raw = b"LSOA11CD,LSOA11NM,RUC11CD,RUC11\nE01020000,x,E1,Rural village\nE01020001,y,C1,Urban\n"
    table = read_ruc_csv(raw, "ruc2011.csv")
    assert list(table["rural"]) == [True, False]
    assert table["method"].iloc[0] == "ONS Rural Urban Classification 2011 (ruc2011.csv)"


def test_the_2021_layout_reads_the_urban_rural_flag():
    raw = b"lsoa21cd,ruc21cd,urban_rural_flag\nE01020000,RLN1,Rural\nE01020001,UN1,Urban\n"
    assert list(read_ruc_csv(raw, "ruc2021.csv")["rural"]) == [True, False]


def test_bad_rows_are_named_by_row_and_column():
    raw = b"LSOA11CD,RUC11CD,RUC11\nE0102,E1,x\nE01020001,Z9,x\n"
    with pytest.raises(RuralityFileError) as caught:
        read_ruc_csv(raw, "ruc.csv")
    text = str(caught.value)
    assert "row 2, column 'LSOA11CD': expected an LSOA code" in text
    assert "row 3, column 'RUC11CD': expected a code A1 to F2, found 'Z9'" in text


def test_a_file_of_another_layout_says_which_columns_it_needs():
    with pytest.raises(RuralityFileError, match="LSOA11CD, RUC11CD, RUC11 or lsoa21cd"):
        read_ruc_csv(b"code,class\nE01020000,rural\n", "other.csv")


def test_density_stand_in_is_named_and_plausible(durham):
    table = classify_by_density(durham)
    assert len(table) == 324 and table["lsoa_code"].is_unique
    assert 0.15 < table["rural"].mean() < 0.6
    assert (
        f"fewer than {RURAL_POSTCODES_PER_KM2} postcodes per km²"
        in table["ruc_name"].iloc[table["rural"].to_numpy().argmax()]
    )


def test_an_imported_classification_replaces_the_stand_in_where_it_covers(durham):
    codes = list(durham.lsoas["code"])
    lines = "\n".join(f"{c},C1,Urban city and town" for c in codes[:-1])
    ruc = read_ruc_csv(f"LSOA11CD,RUC11CD,RUC11\n{lines}\n".encode(), "ruc.csv")
    table = classify_from_ruc(durham, ruc).set_index("lsoa_code")
    assert not table.loc[codes[:-1], "rural"].any()
    assert table.loc[codes[0], "method"].startswith("ONS Rural Urban Classification 2011")
    assert table.loc[codes[-1], "method"] == "postcode density"
