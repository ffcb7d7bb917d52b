"""Named geometry layers (zone layouts) per council, in PostGIS or in SQLite as GeoParquet.

On PostgreSQL each layer is its own PostGIS table written with geopandas `to_postgis`, so
it can be queried spatially; on SQLite it is GeoParquet bytes (geometry as WKB) in one
table. Both go through data.store's engine, so $CMM_DATABASE_URL picks the backend.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import geopandas as gpd
from sqlalchemy import (
    Column,
    DateTime,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    inspect,
    select,
)
from sqlalchemy.engine import Engine

from data import store

# Names become table names on PostgreSQL, so only this shape is accepted.
_NAME = re.compile(r"[a-z][a-z0-9_]{0,29}")
_COUNCIL_CODE = re.compile(r"[EW]\d{8}")
_GEOMETRY = "geometry"
_ROW = "layer_row"

_METADATA = MetaData()
LAYERS = Table(
    "geometry_layers",
    _METADATA,
    Column("name", String(30), primary_key=True),
    Column("council_code", String(9), primary_key=True),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("payload", LargeBinary, nullable=False),
)


def save_geometries(name: str, council_code: str, frame: gpd.GeoDataFrame) -> None:
    """Store a layer of shapes for a council, replacing any stored under the same name.

    The geometry column comes back named "geometry", and the rows in the order given.
    """
    table = _table_name(name, council_code)
    if frame.crs is None:
        raise ValueError("The layer has no coordinate reference system")
    if frame.geometry.name != _GEOMETRY:
        frame = frame.rename_geometry(_GEOMETRY)
    frame = frame.reset_index(drop=True)
    engine = store.engine()
    if _is_postgis(engine):
        with engine.begin() as connection:
            # geopandas writes to "public" unless told; keep layers beside the imports table.
            frame.to_postgis(
                table,
                connection,
                schema=connection.dialect.default_schema_name,
                if_exists="replace",
                index=True,
                index_label=_ROW,
            )
        return
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    store.create_schema(engine, _METADATA)
    with engine.begin() as connection:
        connection.execute(
            delete(LAYERS).where(LAYERS.c.name == name, LAYERS.c.council_code == council_code)
        )
        connection.execute(
            LAYERS.insert().values(
                name=name,
                council_code=council_code,
                saved_at=datetime.now(UTC),
                payload=buffer.getvalue(),
            )
        )


def load_geometries(name: str, council_code: str) -> gpd.GeoDataFrame | None:
    """Return the stored layer of that name for a council, or None if there is none."""
    table = _table_name(name, council_code)
    engine = store.engine()
    if _is_postgis(engine):
        with engine.connect() as connection:
            schema = connection.dialect.default_schema_name
            if not inspect(connection).has_table(table, schema=schema):
                return None
            quote = connection.dialect.identifier_preparer
            query = f"SELECT * FROM {quote.quote_schema(schema)}.{quote.quote(table)}"
            frame = gpd.read_postgis(
                f"{query} ORDER BY {_ROW}", connection, geom_col=_GEOMETRY, index_col=_ROW
            )
        return frame.reset_index(drop=True)
    store.create_schema(engine, _METADATA)
    query = select(LAYERS.c.payload).where(
        LAYERS.c.name == name, LAYERS.c.council_code == council_code
    )
    with engine.connect() as connection:
        payload = connection.execute(query).scalar_one_or_none()
    return None if payload is None else gpd.read_parquet(io.BytesIO(payload))


def _is_postgis(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _table_name(name: str, council_code: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"Layer name {name[:40]!r} must be lower-case letters, digits and _")
    if not _COUNCIL_CODE.fullmatch(council_code):
        raise ValueError(f"{council_code[:12]!r} is not an English or Welsh council code")
    return f"geo_{name}_{council_code.lower()}"
