"""Two app servers sharing one PostgreSQL database see each other's imports."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import create_engine, make_url, text

from data import store
from tests.e2e.conftest import REPO, OfflinePage, _free_port, _wait_healthy

pytestmark = pytest.mark.browser
TIMEOUT_MS = 60_000
# The first CQC import on a new server places its homes with the council's geography and
# postcodes, built then: a minute was not always enough in CI (seen at cf0cd50), as for the
# first page load in the accessibility test.
FIRST_IMPORT_TIMEOUT_MS = 180_000
COUNCIL = "E06000047"
FIXTURE = REPO / "tests" / "fixtures" / "cqc" / "hsca_active_locations.csv"


@pytest.fixture(scope="module")
def shared_database() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL, as the URL both servers are given."""
    base = os.environ.get("CMM_TEST_DATABASE_URL")
    if not base:
        reason = "CMM_TEST_DATABASE_URL is not set: start one with `scripts/start-postgres`"
        if os.environ.get("CMM_REQUIRE_POSTGRES"):
            pytest.fail(f"{reason}, and CMM_REQUIRE_POSTGRES is set")
        pytest.skip(reason)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    options = {"options": f"-csearch_path={schema},public"}
    url = make_url(base).update_query_dict(options).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="module")
def servers(shared_database, tmp_path_factory) -> Iterator[list[str]]:
    """Start two `streamlit run app.py` on different loopback ports, one database."""
    env = {**os.environ, "CMM_DATABASE_URL": shared_database}
    started: list[tuple[subprocess.Popen, object]] = []
    urls = []
    try:
        for name in ("a", "b"):
            port = _free_port()
            command = [sys.executable, "-m", "streamlit", "run", "app.py"]
            command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
            command += ["--server.headless", "true"]
            log_dir = tmp_path_factory.mktemp(f"server-{name}")
            log = open(log_dir / "server.log", "w")  # noqa: SIM115
            process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            started.append((process, log))
            urls.append(f"http://127.0.0.1:{port}")
        for url, (process, _) in zip(urls, started, strict=True):
            _wait_healthy(url, process)
        yield urls
    finally:
        for process, log in started:
            process.terminate()
            process.wait(timeout=20)
            log.close()


@pytest.fixture
def third_writer(shared_database, monkeypatch) -> Iterator[None]:
    """Point this test process's data.store at the servers' database."""
    monkeypatch.setenv("CMM_DATABASE_URL", shared_database)
    yield
    store.engine().dispose()


def _imported_data_text(page: OfflinePage, url: str, expected: str) -> str:
    page.page.goto(f"{url}/?council={COUNCIL}")
    sidebar = page.page.get_by_test_id("stSidebar")
    # Open the expander only if it is closed: a click toggles it, and a page that
    # remembers it open would be closed by a second click.
    details = sidebar.get_by_test_id("stExpander").locator("details")
    details.wait_for(timeout=TIMEOUT_MS)
    if details.get_attribute("open") is None:
        sidebar.get_by_text("Imported data", exact=True).click()
    sidebar.get_by_text(expected).wait_for(timeout=TIMEOUT_MS)
    return sidebar.get_by_test_id("stExpander").inner_text()


def test_an_import_written_once_shows_on_both_servers(servers, third_writer, browser):
    frame = pd.DataFrame({"location_id": ["1-1", "1-2", "1-3"]})
    store.save_import("care_homes", COUNCIL, frame, file_name="first-cqc.csv", rows_read=4)
    pages = [OfflinePage(browser) for _ in servers]
    try:
        for page, url in zip(pages, servers, strict=True):
            text_shown = _imported_data_text(page, url, "first-cqc.csv")
            assert "3 of 4 rows" in text_shown

        store.save_import("packages", COUNCIL, frame, file_name="brokerage-list.csv", rows_read=3)
        for page, url in zip(pages, servers, strict=True):
            text_shown = _imported_data_text(page, url, "brokerage-list.csv")
            assert "first-cqc.csv" in text_shown and "3 of 3 rows" in text_shown
        assert all(page.blocked == [] for page in pages)
    finally:
        for page in pages:
            page.page.close()


def test_a_file_uploaded_on_one_server_shows_on_the_other(servers, third_writer, browser):
    server_a, server_b = servers
    uploader, viewer = OfflinePage(browser), OfflinePage(browser)
    try:
        uploader.page.goto(f"{server_a}/your_data?council={COUNCIL}")
        # The CQC uploader by its label: while the page draws, the first uploader on it can
        # briefly be another one (seen once the server stopped watching files).
        upload = (
            uploader.page.get_by_test_id("stFileUploader")
            .filter(has_text="CQC care directory")
            .get_by_test_id("stFileUploaderDropzoneInput")
        )
        upload.set_input_files(str(FIXTURE))
        uploader.page.get_by_text("Care homes kept").first.wait_for(timeout=FIRST_IMPORT_TIMEOUT_MS)

        record, frame = store.current_import("care_homes", COUNCIL)
        assert record.file_name == FIXTURE.name and len(frame) == record.rows_kept > 0
        _imported_data_text(viewer, server_b, FIXTURE.name)
        assert uploader.blocked == [] and viewer.blocked == []
    finally:
        uploader.page.close()
        viewer.page.close()
