"""The on-disk geography cache: reuse, rebuild on change, rebuild when corrupted."""

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo import cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CMM_CACHE_DIR", str(tmp_path))
    return tmp_path


def _frame(value: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"value": [value]}, geometry=[Point(0, value)], crs=4326)


def test_a_built_frame_is_read_back_without_rebuilding(cache_dir):
    calls = []

    def build():
        calls.append(1)
        return _frame(1)

    first = cache.cached_frame("thing", ["input-a"], build, geo=True)
    second = cache.cached_frame("thing", ["input-a"], build, geo=True)
    assert len(calls) == 1
    assert second.equals(first)
    assert len(list(cache_dir.glob("thing-*.parquet"))) == 1


def test_changed_inputs_rebuild(cache_dir, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    built = cache.cached_frame("thing", [source], lambda: _frame(1), geo=True)
    source.write_text("three")  # a different size, as a new package release would have
    rebuilt = cache.cached_frame("thing", [source], lambda: _frame(2), geo=True)
    assert built["value"].iloc[0] == 1
    assert rebuilt["value"].iloc[0] == 2


def test_a_corrupted_file_is_rebuilt_not_raised(cache_dir):
    cache.cached_frame("thing", ["input-a"], lambda: _frame(1), geo=True)
    (path,) = cache_dir.glob("thing-*.parquet")
    path.write_bytes(b"PAR1 this is not parquet")
    rebuilt = cache.cached_frame("thing", ["input-a"], lambda: _frame(7), geo=True)
    assert rebuilt["value"].iloc[0] == 7
    assert (
        cache.cached_frame("thing", ["input-a"], lambda: _frame(9), geo=True)["value"].iloc[0] == 7
    )
