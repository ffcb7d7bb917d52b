"""Local Gi*: a cluster of packages is a hot spot, and results are repeatable."""

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from market.hotspots import COLD, HOT, NEITHER, gi_star


def _grid(n: int = 7) -> gpd.GeoDataFrame:
    squares = [
        box(x * 1000, y * 1000, (x + 1) * 1000, (y + 1) * 1000) for y in range(n) for x in range(n)
    ]
    codes = [f"M{i:02d}" for i in range(n * n)]
    return gpd.GeoDataFrame({"code": codes}, geometry=squares, crs=27700).to_crs(4326)


def test_a_cluster_in_one_corner_is_a_hot_spot_and_the_far_corner_is_not():
    areas = _grid()
    counts = pd.Series({"M00": 9, "M01": 8, "M07": 9, "M08": 10, "M02": 6, "M14": 6})
    counts = pd.concat([counts, pd.Series(1, index=[f"M{i:02d}" for i in range(20, 49)])])
    result = gi_star(areas, counts).areas.set_index("code")
    assert result.loc["M00", "spot"] == HOT and result.loc["M08", "spot"] == HOT
    assert result.loc["M48", "spot"] in (COLD, NEITHER)
    assert result.loc["M08", "z"] > 2
    again = gi_star(areas, counts).areas.set_index("code")
    pd.testing.assert_frame_equal(result, again)


def test_no_packages_means_no_spots_and_the_method_is_named():
    result = gi_star(_grid(3), pd.Series(dtype=int))
    assert set(result.areas["spot"]) == {NEITHER}
    assert "Getis-Ord Gi*" in result.details and "999 conditional permutations" in result.details
    assert "999 random rearrangements" in result.method and "esda" not in result.method
    assert "seed 20230401" in result.details and "0.05" in result.details
