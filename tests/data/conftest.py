"""Each storage test runs on SQLite and on PostgreSQL, each in a clean database state; the
fetch tests download from a local web server."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from data import store

TEST_DATABASE_ENV = "CMM_TEST_DATABASE_URL"
REQUIRE_ENV = "CMM_REQUIRE_POSTGRES"
_LEAKED_TABLES = (
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'"
)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test PostgreSQL server's URL; skipped without one, failed if CI requires it."""
    url = os.environ.get(TEST_DATABASE_ENV)
    if not url:
        reason = f"{TEST_DATABASE_ENV} is not set: start one with `scripts/start-postgres`"
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{reason}, and {REQUIRE_ENV} is set")
        pytest.skip(reason)
    return url


def schema_url(base_url: str, schema: str) -> str:
    """Return base_url with its search path set to one schema, then PostGIS in public."""
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema},public"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, monkeypatch) -> Iterator[str]:
    """Point data.store at an empty database of each kind in turn; yield the dialect name."""
    monkeypatch.delenv("CMM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CMM_DATA_DIR", str(tmp_path))
    if request.param == "sqlite":
        yield "sqlite"
        return
    base = request.getfixturevalue("postgres_url")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = schema_url(base, schema)
    monkeypatch.setenv("CMM_DATABASE_URL", url)
    try:
        yield "postgresql"
    finally:
        store.engine().dispose()
        store._engine.cache_clear()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            leaked = connection.execute(text(_LEAKED_TABLES)).scalars().all()
        admin.dispose()
    # Anything written outside the test's schema would be seen by the next test.
    assert leaked == [], f"tables left in schema public: {leaked}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        """Log nothing: the handler would write every request to stderr, which tests read."""


@pytest.fixture
def serve_folder() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over http on the loopback address only; return its address."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
