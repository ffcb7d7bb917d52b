"""The sidebar list of imported data sets, read from the import store."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data import store


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    monkeypatch.delenv("CMM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CMM_DATA_DIR", str(tmp_path))


def _status_app() -> None:
    from components.import_status import render_import_status

    render_import_status("E06000047")


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({"id": range(n)})


def test_nothing_imported_says_so():
    at = AppTest.from_function(_status_app).run()
    assert not at.exception
    assert at.sidebar.expander[0].label == "Imported data"
    assert "Nothing imported" in at.sidebar.caption[0].value


def test_current_imports_are_listed_with_file_name_and_rows():
    store.save_import("care_homes", "E06000047", _frame(3), file_name="old.csv", rows_read=3)
    store.save_import("care_homes", "E06000047", _frame(5), file_name="cqc.ods", rows_read=7)
    store.save_import("packages", "E06000054", _frame(2), file_name="other.csv", rows_read=2)
    at = AppTest.from_function(_status_app).run()
    assert not at.exception
    lines = [markdown.value for markdown in at.sidebar.markdown]
    assert len(lines) == 1
    # Sign-in not configured: the team's own copy, so the file is named too.
    assert lines[0].startswith("Care Quality Commission, care directory, uploaded ")
    assert "5 of 7 rows (file: cqc.ods, " in lines[0] and lines[0].endswith(" UTC)")


def test_a_package_lists_size_is_not_shown():
    # Person-level records: the list's size beside the protected counts could give a small
    # count by subtraction.
    store.save_import("unmet_packages", "E06000047", _frame(3), file_name="list.csv", rows_read=3)
    at = AppTest.from_function(_status_app).run()
    lines = [markdown.value for markdown in at.sidebar.markdown]
    assert len(lines) == 1 and "row count not shown (person-level records)" in lines[0]
    assert "3 of 3" not in lines[0]


def test_a_hostile_file_name_is_shown_as_text():
    name = "[click](http://evil.example)<img src=x>.csv"
    store.save_import("packages", "E06000047", _frame(1), file_name=name, rows_read=1)
    at = AppTest.from_function(_status_app).run()
    line = at.sidebar.markdown[0].value
    assert "](" not in line.replace("\\]\\(", "")
    # Markup escaped, and the address broken by a word joiner so it cannot autolink.
    assert "\\[click\\]\\(http\\:/\u2060/evil" in line and "\\<img src\\=x\\>" in line


def test_on_a_public_deployment_the_sidebar_names_no_uploaded_file():
    from tests.components.test_auth import AUTH

    store.save_import(
        "care_homes", "E06000047", _frame(5), file_name="private-name.ods", rows_read=7
    )
    at = AppTest.from_function(_status_app)
    at.secrets["auth"] = AUTH  # sign-in configured, nobody signed in: the public
    at.run()
    assert not at.exception
    lines = [markdown.value for markdown in at.sidebar.markdown]
    assert lines[0].startswith("Care Quality Commission, care directory, uploaded ")
    assert not any("private-name" in line for line in lines)
