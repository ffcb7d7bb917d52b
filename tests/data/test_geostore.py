"""Zone layouts stored as geometry layers on SQLite (GeoParquet) and PostgreSQL (PostGIS)."""

import geopandas as gpd
import pytest
from shapely.geometry import Point, box
from sqlalchemy import text

from data import geostore, store

pytestmark = pytest.mark.usefixtures("database")


def _zones() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"zone": ["North", "South", "East"], "homes": [4, 7, 0]},
        geometry=[box(0, 0, 1000, 1000), box(0, -1000, 1000, 0), box(1000, 0, 2000, 1000)],
        crs="EPSG:27700",
    )


def test_a_layer_comes_back_as_saved():
    assert geostore.load_geometries("zones", "E06000047") is None
    geostore.save_geometries("zones", "E06000047", _zones())
    loaded = geostore.load_geometries("zones", "E06000047")
    assert loaded.crs.to_epsg() == 27700
    assert list(loaded["zone"]) == ["North", "South", "East"]
    assert list(loaded["homes"]) == [4, 7, 0]
    assert loaded.geometry.name == "geometry"
    assert list(loaded.area) == [1_000_000, 1_000_000, 1_000_000]
    assert loaded.geom_equals(_zones().geometry).all()


def test_saving_again_replaces_the_layer_and_councils_are_kept_apart():
    geostore.save_geometries("zones", "E06000047", _zones())
    points = gpd.GeoDataFrame(
        {"name": ["a"]}, geometry=[Point(-1.57, 54.77)], crs="EPSG:4326"
    ).rename_geometry("where")
    geostore.save_geometries("zones", "E06000047", points)
    loaded = geostore.load_geometries("zones", "E06000047")
    assert list(loaded["name"]) == ["a"] and loaded.crs.to_epsg() == 4326
    assert loaded.geometry.iloc[0].equals(Point(-1.57, 54.77))
    assert geostore.load_geometries("zones", "E06000054") is None
    assert geostore.load_geometries("zone_plan", "E06000047") is None


def test_postgis_stores_real_geometry_that_can_be_queried(database):
    if database != "postgresql":
        pytest.skip("PostGIS only")
    geostore.save_geometries("zones", "E06000047", _zones())
    with store.engine().connect() as connection:
        found = connection.execute(
            text(
                "SELECT zone FROM geo_zones_e06000047 "
                "WHERE ST_Contains(geometry, ST_SetSRID(ST_Point(1500, 500), 27700))"
            )
        ).scalar_one()
        schemas = (
            connection.execute(
                text("SELECT schemaname FROM pg_tables WHERE tablename = 'geo_zones_e06000047'")
            )
            .scalars()
            .all()
        )
        current = connection.execute(text("SELECT current_schema()")).scalar_one()
    assert found == "East"
    # Beside the imports table, in the database's own schema, never in "public" by default.
    assert schemas == [current] and current != "public"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("zones; DROP TABLE imports", "E06000047"),
        ("Zones", "E06000047"),
        ("zones", "E06000047' OR 1=1"),
        ("", "E06000047"),
        ("z" * 31, "E06000047"),
    ],
)
def test_hostile_names_are_refused(name, code):
    with pytest.raises(ValueError):
        geostore.save_geometries(name, code, _zones())
    with pytest.raises(ValueError):
        geostore.load_geometries(name, code)


def test_a_layer_without_a_crs_is_refused():
    with pytest.raises(ValueError, match="coordinate reference system"):
        geostore.save_geometries("zones", "E06000047", _zones().set_crs(None, allow_override=True))
