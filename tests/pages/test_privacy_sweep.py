"""Privacy: no public output carries a package's postcode or place; commissioners see records.

A test package list for County Durham is imported through the real reader and store.
Then every page is run as the public sees it, and everything the server would send to
a browser is searched for the list's postcodes and coordinates: each element's message
(text, tables as Arrow bytes, chart specs, the maps' HTML and layers), every file put up
for download, and the committee pack's PDF. The same search over the commissioners'
records page must find them, so a search that could never match would fail here.
"""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from components import auth
from components.zone_data import KIND_PACKAGES
from data import store
from data.packages import read_packages_csv
from geo.boundaries import council_postcodes
from tests.apptest import open_every_table, open_page
from tests.components.test_auth import AUTH

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 240
DURHAM = "E06000047"
IMPORTER = "jane.commissioner@durham.gov.uk"
PUBLIC_PAGES = [
    "pages/map.py",
    "pages/fees.py",
    "pages/occupancy.py",
    "pages/workforce.py",
    "pages/zones.py",
    "pages/supply.py",
    "pages/demand.py",
    "pages/outlook.py",
    "pages/committee.py",
    "pages/your_data.py",
]
COMMISSIONERS = {"commissioners": {"E06000047": {"domains": ["durham.gov.uk"]}}}


@pytest.fixture(scope="module")
def package_file(durham) -> tuple[bytes, pd.DataFrame]:
    """A brokerage list of 60 packages at real Durham postcodes, as a council would send it."""
    postcodes = council_postcodes(durham)
    rng = random.Random(20261122)
    chosen = rng.sample(sorted(postcodes["postcode"]), 60)
    lines = ["date,postcode,area_code,hours_per_week,status,reason"]
    for i, postcode in enumerate(chosen):
        status = ("waiting", "handed back")[i % 2]
        reason = ("staffing", "rurality", "complexity", "other")[i % 4]
        lines.append(
            f"2024-{1 + i % 12:02d}-{1 + i % 27:02d},{postcode},,{7 + i % 20},{status},{reason}"
        )
    raw = ("\n".join(lines) + "\n").encode()
    return raw, read_packages_csv(raw, "brokerage-test.csv", durham)


@pytest.fixture
def imported(package_file, tmp_path, monkeypatch) -> pd.DataFrame:
    monkeypatch.delenv("CMM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CMM_DATA_DIR", str(tmp_path))
    _, table = package_file
    store.save_import(
        KIND_PACKAGES,
        DURHAM,
        table,
        file_name="brokerage-test.csv",
        rows_read=60,
        imported_by=IMPORTER,
    )
    # Care homes too, so the supply page shows an import's source.
    from data import cqc
    from tests.fuzz.corpus import CQC_FIXTURES

    raw = (CQC_FIXTURES / "hsca_active_locations.csv").read_bytes()
    homes = cqc.import_cqc(raw, "cqc-private-name.csv").homes
    store.save_import(
        cqc.KIND,
        DURHAM,
        homes,
        file_name="cqc-private-name.csv",
        rows_read=17,
        imported_by=IMPORTER,
    )
    return table


@pytest.fixture
def served_files(monkeypatch) -> list[bytes]:
    """Every file Streamlit is given to serve (downloads, images) during the test."""
    files: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            files.append(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def _secret_strings(table: pd.DataFrame) -> list[bytes]:
    """What would identify a package: its postcode (both spellings) and its coordinates."""
    needles = set()
    for postcode, lat, lon in zip(table["postcode"], table["lat"], table["lon"], strict=True):
        needles |= {postcode, postcode.replace(" ", ""), f"{lat:.5f},{lon:.5f}"}
        needles |= {f"[{lon:.5f},{lat:.5f}]", f"{lat:.4f}, {lon:.4f}"}
    return sorted(n.encode() for n in needles)


def _sent_bytes(at: AppTest) -> bytes:
    """Everything the run's elements would send to the browser, serialised."""
    parts: list[bytes] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return b"\n".join(parts)


def _open(page: str, *, user: dict | None = None, secrets: bool = False) -> AppTest:
    settings = {"auth": AUTH, "cmm": COMMISSIONERS} if secrets else None
    return open_every_table(open_page(page, council=DURHAM, user=user, secrets=settings))


def _found(haystack: bytes, needles: list[bytes]) -> list[bytes]:
    return [n for n in needles if n in haystack]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_no_public_page_sends_a_package_postcode_or_place(page, imported, served_files):
    at = _open(page)
    needles = _secret_strings(imported)
    sent = _sent_bytes(at)
    assert at.title and len(sent) > 2_000  # the page drew something to search
    assert _found(sent, needles) == []
    for served in served_files:
        assert _found(served, needles) == []


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_deployment_names_no_uploader_and_no_uploaded_file(page, imported, served_files):
    # Signed out on a deployment with sign-in: the public. (Without sign-in configured the
    # app is one team's own copy, where the Your data page lists who loaded what.)
    at = _open(page, secrets=True)
    needles = [IMPORTER.encode(), b"brokerage-test", b"cqc-private-name"]
    assert at.title and not at.exception
    assert _found(_sent_bytes(at), needles) == []
    for served in served_files:
        assert _found(served, needles) == []


def test_the_public_zones_page_uses_the_imported_list_as_counts_only(imported):
    at = _open("pages/zones.py")
    captions = re.sub(r"\\(.)", r"\1", "\n".join(c.value for c in at.caption))
    assert "home care packages waiting or handed back, uploaded" in captions
    assert "brokerage-test.csv" not in captions  # the file name is for the details view
    assert not any(b.proto.label == "Illustrative packages" for b in at.get("badge"))
    sent = _sent_bytes(at)
    # The map's HTML and its swapped-in layers are among what the sweep searches.
    assert b"cmm-boundary" in sent and b"cmm-zone" in sent and b"cmm-uplift" in sent


def test_the_committee_pack_carries_no_package_postcode(imported, durham, councils):
    import pypdfium2

    from components.figure_upload import pack_figures
    from components.supply_data import council_homes
    from report.pack import build_pack

    figures = pack_figures()
    source = council_homes(DURHAM, figures)
    pack = build_pack(
        councils[DURHAM],
        figures,
        durham,
        source.homes,
        homes_illustrative=source.is_illustrative,
        homes_source=source.method,
        generated=date(2026, 11, 22),
    )
    text = "\n".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pack.pdf)
    ).encode()
    needles = _secret_strings(imported)
    assert "County Durham" in text.decode()
    assert _found(text, needles) == [] and _found(pack.pdf, needles) == []
    for image in [*pack.png.values(), *(svg.encode() for svg in pack.svg.values())]:
        assert _found(image, needles) == []


def test_a_signed_in_commissioner_sees_the_records_and_the_search_finds_them(
    imported, served_files, monkeypatch
):
    monkeypatch.setattr(auth, "authlib_installed", lambda: True)
    user = {"email": "ann@durham.gov.uk", "is_logged_in": True, "email_verified": True}
    at = _open("pages/records.py", user=user, secrets=True)
    assert at.title[0].value == "County Durham: package records"
    assert {m.label: m.value for m in at.metric}["Packages in the list"] == "60"
    needles = _secret_strings(imported)
    postcodes = [n for n in needles if n.decode() in set(imported["postcode"])]
    assert set(postcodes) <= set(_found(_sent_bytes(at), needles))
    assert any(set(postcodes) <= set(_found(f, needles)) for f in served_files)


@pytest.mark.parametrize(
    "user",
    [
        None,
        {"email": "lee@example.org", "is_logged_in": True, "email_verified": True},
        {"email": "ann@durham.gov.uk", "is_logged_in": True, "email_verified": False},
        # Forged or missing claims are not a verified email.
        {"email": "ann@durham.gov.uk", "is_logged_in": True},
        {"email": "ann@durham.gov.uk", "is_logged_in": True, "email_verified": "true"},
    ],
)
def test_without_a_commissioner_sign_in_there_is_no_records_page(user, imported, monkeypatch):
    monkeypatch.setattr(auth, "authlib_installed", lambda: True)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.secrets["cmm"] = COMMISSIONERS
    if user is not None:
        at.user = user
    else:
        at.user = {"is_logged_in": False}
    at.run()
    with pytest.raises(Exception):  # noqa: B017 - the page is not registered at all
        at.switch_page("pages/records.py").run()
    at = AppTest.from_file(str(Path(APP).parent / "pages" / "records.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.secrets["cmm"] = COMMISSIONERS
    at.user = user or {"is_logged_in": False}
    at.run()
    assert "only this council's commissioners, signed in" in at.warning[0].value
    assert not at.dataframe and not at.metric


def test_with_sign_in_configured_only_commissioners_may_load_shared_data(imported, monkeypatch):
    monkeypatch.setattr(auth, "authlib_installed", lambda: True)
    public = _open("pages/zones.py", user={"is_logged_in": False}, secrets=True)
    assert not public.get("file_uploader")
    assert any("sign-in as one of this council's commissioners" in i.value for i in public.info)
    user = {"email": "ann@durham.gov.uk", "is_logged_in": True, "email_verified": True}
    signed_in = _open("pages/zones.py", user=user, secrets=True)
    assert len(signed_in.get("file_uploader")) == 3
