"""Durable storage of imported data sets: every import kept, one current per kind and council.

SQLite by default (a file in $CMM_DATA_DIR), or any SQLAlchemy URL in $CMM_DATABASE_URL
(PostgreSQL for a shared deployment). A data set is stored as Parquet bytes beside its
import record, so every kind of table (care homes, zones, packages) takes the same path.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    select,
    update,
)
from sqlalchemy.engine import Engine

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / ".data"

_METADATA = MetaData()
IMPORTS = Table(
    "imports",
    _METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False, index=True),
    Column("council_code", String(9), nullable=False, index=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_kept", Integer, nullable=False),
    Column("imported_by", String(255), nullable=False),
    Column("is_current", Boolean, nullable=False, default=False),
    Column("payload", LargeBinary, nullable=False),
)


@dataclass(frozen=True)
class ImportRecord:
    """What is known about one stored import, without its data."""

    id: int
    kind: str
    council_code: str
    imported_at: datetime
    file_name: str
    rows_read: int
    rows_kept: int
    imported_by: str
    is_current: bool


def database_url() -> str:
    """Return $CMM_DATABASE_URL, or a SQLite file in $CMM_DATA_DIR (default .data/)."""
    if url := os.environ.get("CMM_DATABASE_URL"):
        return url
    folder = Path(os.environ.get("CMM_DATA_DIR", DEFAULT_DATA_DIR))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'care-market-map.sqlite'}"


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    _METADATA.create_all(engine)
    return engine


def engine() -> Engine:
    """Return the engine for the configured database, creating its tables if needed."""
    return _engine(database_url())


def save_import(
    kind: str,
    council_code: str,
    frame: pd.DataFrame,
    *,
    file_name: str,
    rows_read: int,
    imported_by: str = "anonymous",
) -> ImportRecord:
    """Store a validated data set as the current one for its kind and council.

    One transaction marks the previous version as not current and inserts the new one, so
    a failure part-way leaves the previous version in use.
    """
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    now = datetime.now(UTC)
    with engine().begin() as connection:
        connection.execute(
            update(IMPORTS)
            .where(IMPORTS.c.kind == kind, IMPORTS.c.council_code == council_code)
            .values(is_current=False)
        )
        result = connection.execute(
            IMPORTS.insert().values(
                kind=kind,
                council_code=council_code,
                imported_at=now,
                file_name=file_name[:255],
                rows_read=rows_read,
                rows_kept=len(frame),
                imported_by=imported_by[:255],
                is_current=True,
                payload=buffer.getvalue(),
            )
        )
        new_id = result.inserted_primary_key[0]
    return _record(new_id)


def current_import(kind: str, council_code: str) -> tuple[ImportRecord, pd.DataFrame] | None:
    """Return the current import of a kind for a council, with its data, or None."""
    query = select(IMPORTS).where(
        IMPORTS.c.kind == kind, IMPORTS.c.council_code == council_code, IMPORTS.c.is_current
    )
    with engine().connect() as connection:
        row = connection.execute(query).mappings().first()
    if row is None:
        return None
    return _to_record(row), pd.read_parquet(io.BytesIO(row["payload"]))


def list_imports(kind: str, council_code: str) -> list[ImportRecord]:
    """Return every stored import of a kind for a council, newest first."""
    query = (
        select(*[c for c in IMPORTS.c if c.name != "payload"])
        .where(IMPORTS.c.kind == kind, IMPORTS.c.council_code == council_code)
        .order_by(IMPORTS.c.id.desc())
    )
    with engine().connect() as connection:
        return [_to_record(row) for row in connection.execute(query).mappings()]


def restore_import(import_id: int) -> ImportRecord:
    """Make an earlier import the current one for its kind and council."""
    with engine().begin() as connection:
        row = (
            connection.execute(select(IMPORTS).where(IMPORTS.c.id == import_id)).mappings().first()
        )
        if row is None:
            raise KeyError(f"No stored import with id {import_id}")
        connection.execute(
            update(IMPORTS)
            .where(IMPORTS.c.kind == row["kind"], IMPORTS.c.council_code == row["council_code"])
            .values(is_current=IMPORTS.c.id == import_id)
        )
    return _record(import_id)


def _record(import_id: int) -> ImportRecord:
    query = select(*[c for c in IMPORTS.c if c.name != "payload"]).where(IMPORTS.c.id == import_id)
    with engine().connect() as connection:
        return _to_record(connection.execute(query).mappings().one())


def _to_record(row) -> ImportRecord:
    return ImportRecord(**{field: row[field] for field in ImportRecord.__dataclass_fields__})
