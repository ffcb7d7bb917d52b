"""On-disk cache of derived geography as (Geo)Parquet, keyed by its inputs."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd

# Bump when the way derived geography is built changes, so old files are not reused.
BUILD_VERSION = "1"

LOG = logging.getLogger(__name__)
DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "geo"


def cache_dir() -> Path:
    """Return the cache folder: $CMM_CACHE_DIR, or .cache/geo in the repository."""
    return Path(os.environ.get("CMM_CACHE_DIR", DEFAULT_CACHE_DIR))


def fingerprint(inputs: Iterable[Path | str]) -> str:
    """Return a short key that changes when any input file (by name and size) or string changes."""
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for item in inputs:
        if isinstance(item, Path):
            stat = item.stat()
            digest.update(f"{item.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        else:
            digest.update(item.encode())
    return digest.hexdigest()[:16]


def cached_frame(
    name: str,
    inputs: Iterable[Path | str],
    build: Callable[[], pd.DataFrame],
    *,
    geo: bool,
) -> pd.DataFrame:
    """Read `name` from the cache if it was built from these inputs; else build and store it.

    A file that cannot be read (truncated, corrupted, written by another version of a
    library) is rebuilt rather than raised, so a damaged cache never stops the app.
    """
    path = cache_dir() / f"{name}-{fingerprint(inputs)}.parquet"
    if path.exists():
        try:
            return gpd.read_parquet(path) if geo else pd.read_parquet(path)
        except Exception as exc:  # any unreadable file is rebuilt, whatever the reader raised
            LOG.warning("Rebuilding unreadable cache file %s: %s", path, exc)
    frame = build()
    _write_atomically(frame, path)
    return frame


def _write_atomically(frame: pd.DataFrame, path: Path) -> None:
    # Write beside the target and rename, so a reader never sees half a file and two
    # app servers building at once leave one whole file behind.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
