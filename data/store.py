"""Durable storage of imported data sets: every import kept, one current per kind and council.

SQLite by default (a file in $CMM_DATA_DIR), or any SQLAlchemy URL in $CMM_DATABASE_URL
(PostgreSQL for a shared deployment). A data set is stored as Parquet bytes beside its
import record, so every kind of table (care homes, zones, packages) takes the same path.
Several app servers may share one PostgreSQL database: writers of the same table take a
lock, and a partial unique index keeps exactly one current import per kind and council.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, RowMapping

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
# At most one current import per kind and council, whichever server wrote it.
Index(
    "imports_one_current",
    IMPORTS.c.kind,
    IMPORTS.c.council_code,
    unique=True,
    sqlite_where=IMPORTS.c.is_current,
    postgresql_where=IMPORTS.c.is_current,
)
_RECORD_COLUMNS = [column for column in IMPORTS.c if column.name != "payload"]


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


# Any fixed number: every server takes this PostgreSQL advisory lock to create the schema.
_SCHEMA_LOCK = 0x434D4D  # "CMM"


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    # pre_ping: a server outlives database restarts in a shared deployment.
    engine = create_engine(url, future=True, pool_pre_ping=True)
    create_schema(engine)
    return engine


def create_schema(engine: Engine, metadata: MetaData = _METADATA) -> None:
    """Create the tables if they are missing, safely when several servers start at once.

    Checking for a table and creating it are two steps, so two servers starting together
    could both find it missing and the second fail with "already exists". Where a table is
    missing, one transaction holds a lock across both: PostgreSQL's advisory lock, or
    SQLite's write lock taken at BEGIN IMMEDIATE; whoever waits then finds the tables there.
    Where every table is there already, no lock is taken, so a server starts even while a
    long import holds SQLite's write lock.
    """
    present = set(inspect(engine).get_table_names())
    if all(table.name in present for table in metadata.sorted_tables):
        return
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        metadata.create_all(connection, checkfirst=True)
        connection.commit()


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
    return save_imports(
        kind,
        {council_code: frame},
        file_name=file_name,
        rows_read=rows_read,
        imported_by=imported_by,
    )[0]


def save_imports(
    kind: str,
    frames: Mapping[str, pd.DataFrame],
    *,
    file_name: str,
    rows_read: int,
    imported_by: str = "anonymous",
    on_saved: Callable[[str, int], None] | None = None,
) -> list[ImportRecord]:
    """Store one file's data sets for several councils, all or none, in council order.

    A national CQC directory is split into 153 councils' homes. They are written in one
    transaction, so a crash or a kill part-way leaves every council on its previous file
    rather than some on the new one and some on the old. `on_saved(code, rows)` is told of
    each council as it is written (before the commit makes any of them current to others).
    """
    now = datetime.now(UTC)
    ids = []
    with engine().begin() as connection:
        _lock_imports(connection)
        for council_code, frame in sorted(frames.items()):
            buffer = io.BytesIO()
            frame.to_parquet(buffer, index=False)
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
            ids.append(result.inserted_primary_key[0])
            if on_saved is not None:
                on_saved(council_code, len(frame))
    return [_record(new_id) for new_id in ids]


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


def current_of_kind(kind: str) -> list[tuple[ImportRecord, pd.DataFrame]]:
    """Return the current import of a kind for every council that has one, with its data."""
    return _by_council(select(IMPORTS).where(IMPORTS.c.kind == kind, IMPORTS.c.is_current))


def current_ids_of_kind(kind: str) -> tuple[int, ...]:
    """Return the ids of the current imports of a kind (no data read): a cache key for them.

    Read what they name with `imports_with_ids`, not `current_of_kind`: an import landing
    between the two reads would otherwise be kept under the ids it replaced.
    """
    query = select(IMPORTS.c.id).where(IMPORTS.c.kind == kind, IMPORTS.c.is_current)
    with engine().connect() as connection:
        return tuple(connection.execute(query.order_by(IMPORTS.c.id)).scalars())


def imports_with_ids(ids: tuple[int, ...]) -> list[tuple[ImportRecord, pd.DataFrame]]:
    """Return the imports with these ids and their data, by council, current or not."""
    return _by_council(select(IMPORTS).where(IMPORTS.c.id.in_(ids))) if ids else []


def _by_council(query) -> list[tuple[ImportRecord, pd.DataFrame]]:
    with engine().connect() as connection:
        rows = connection.execute(query.order_by(IMPORTS.c.council_code)).mappings().all()
    return [(_to_record(row), pd.read_parquet(io.BytesIO(row["payload"]))) for row in rows]


def current_imports(council_code: str) -> list[ImportRecord]:
    """Return the current import of every kind for a council, by kind, without their data."""
    query = (
        select(*_RECORD_COLUMNS)
        .where(IMPORTS.c.council_code == council_code, IMPORTS.c.is_current)
        .order_by(IMPORTS.c.kind)
    )
    with engine().connect() as connection:
        return [_to_record(row) for row in connection.execute(query).mappings()]


def list_imports(kind: str, council_code: str) -> list[ImportRecord]:
    """Return every stored import of a kind for a council, newest first."""
    query = (
        select(*_RECORD_COLUMNS)
        .where(IMPORTS.c.kind == kind, IMPORTS.c.council_code == council_code)
        .order_by(IMPORTS.c.id.desc())
    )
    with engine().connect() as connection:
        return [_to_record(row) for row in connection.execute(query).mappings()]


def restore_import(import_id: int) -> ImportRecord:
    """Make an earlier import the current one for its kind and council."""
    with engine().begin() as connection:
        _lock_imports(connection)
        query = select(IMPORTS.c.kind, IMPORTS.c.council_code).where(IMPORTS.c.id == import_id)
        row = connection.execute(query).mappings().first()
        if row is None:
            raise KeyError(f"No stored import with id {import_id}")
        # Two statements: the unique index on current imports is checked row by row.
        connection.execute(
            update(IMPORTS)
            .where(IMPORTS.c.kind == row["kind"], IMPORTS.c.council_code == row["council_code"])
            .values(is_current=False)
        )
        connection.execute(update(IMPORTS).where(IMPORTS.c.id == import_id).values(is_current=True))
    return _record(import_id)


def _lock_imports(connection: Connection) -> None:
    # Servers sharing PostgreSQL would otherwise both see the old current row and both
    # insert a new one; SQLite already lets one writer in at a time.
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE imports IN SHARE ROW EXCLUSIVE MODE"))


def _record(import_id: int) -> ImportRecord:
    query = select(*_RECORD_COLUMNS).where(IMPORTS.c.id == import_id)
    with engine().connect() as connection:
        return _to_record(connection.execute(query).mappings().one())


def _to_record(row: RowMapping) -> ImportRecord:
    fields = {field: row[field] for field in ImportRecord.__dataclass_fields__}
    # SQLite hands back naive datetimes for what was written in UTC.
    if fields["imported_at"].tzinfo is None:
        fields["imported_at"] = fields["imported_at"].replace(tzinfo=UTC)
    return ImportRecord(**fields)
