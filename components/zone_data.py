"""The zones page's data: zone layout, rurality and unmet packages, imported or illustrative."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components import permalink
from components.auth import importer_name, may_import, render_import_refusal
from components.geodata import council_geography
from components.safe_text import escape_markdown, show_refusal
from data.figures import load_packs
from data.packages import (
    PackageFileError,
    illustrative_packages,
    published_periods,
    read_packages_csv,
)
from data.rurality_files import RuralityFileError, read_ruc_csv
from data.store import current_import, save_import
from data.zone_files import pack_zone_file, read_zone_geojson, read_zone_lookup
from geo.boundaries import CouncilGeography
from geo.rurality import (
    DENSITY_METHOD,
    classify_by_density,
    classify_from_ruc,
)
from market.zones import (
    ZoneFileError,
    ZoneLayout,
    illustrative_layouts,
    layout_from_lookup,
    lookup_from_shapes,
)

KIND_ZONES, KIND_RURALITY, KIND_PACKAGES = "zone_lookup", "rurality", "unmet_packages"
LAYOUT_KEY = "cmm_zone_layout_choice"
SEEN_KEY = "cmm_zone_uploads_seen"
MAX_UPLOAD_MB = 20


@dataclass(frozen=True)
class ZoneData:
    """Everything the zones page draws, with the words saying where each part came from."""

    layout: ZoneLayout
    rurality: pd.DataFrame  # lsoa_code, ruc_code, ruc_name, rural, method
    rurality_method: str
    packages: pd.DataFrame  # data.packages.PACKAGE_COLUMNS
    packages_method: str
    packages_illustrative: bool


@st.cache_data(show_spinner=False, max_entries=8)
def _illustrative_layouts(code: str) -> list[ZoneLayout]:
    return illustrative_layouts(council_geography(code), load_packs())


@st.cache_data(show_spinner=False, max_entries=8)
def _density(code: str) -> pd.DataFrame:
    return classify_by_density(council_geography(code))


@st.cache_data(show_spinner=False, max_entries=8)
def _illustrative_packages(code: str, rural_key: str, rural: pd.Series) -> tuple:
    del rural_key
    geography = council_geography(code)
    return illustrative_packages(geography, published_periods(load_packs(), code), rural)


def _fresh_upload(upload) -> bytes | None:
    """Return an upload's bytes the first time it is seen in this session, else None."""
    if upload is None:
        return None
    raw = upload.getvalue()
    digest = f"{upload.name}:{hashlib.sha256(raw).hexdigest()}"
    seen: set[str] = st.session_state.setdefault(SEEN_KEY, set())
    if digest in seen:
        return None
    seen.add(digest)
    return raw


def _zone_lookup_from(raw: bytes, name: str, geography: CouncilGeography) -> pd.DataFrame:
    if name.lower().endswith((".geojson", ".json")):
        return lookup_from_shapes(geography, read_zone_geojson(raw, name), file_name=name)
    return read_zone_lookup(raw, name)


def render_uploads(geography: CouncilGeography) -> None:
    """Offer the three imports; a file with a problem is refused and the data in use stays."""
    code = geography.council.code
    with st.expander("Load your own zones, rurality file or package list"):
        if not may_import(code):
            render_import_refusal("zones, rurality or package lists")
            return
        st.caption(
            "Columns are set out in the guides “Zones” and “Unmet packages” in the "
            "documentation. Each import "
            "is kept, and replaces the illustrative data for this council."
        )
        zones = st.file_uploader(
            "Zone lookup (CSV) or zone boundaries (GeoJSON)",
            type=["csv", "geojson", "json"],
            key="cmm_zone_upload",
            max_upload_size=MAX_UPLOAD_MB,
        )
        if (raw := _fresh_upload(zones)) is not None:
            try:
                lookup = _zone_lookup_from(raw, zones.name, geography)
                layout = layout_from_lookup(geography, lookup, file_name=zones.name)
            except ZoneFileError as error:
                show_refusal(str(error))
            else:
                _keep(
                    KIND_ZONES, code, lookup, zones.name, len(lookup), f"{len(layout.zones)} zones"
                )
        ruc = st.file_uploader(
            "ONS Rural Urban Classification by LSOA (CSV, 2011 or 2021)",
            type=["csv"],
            key="cmm_ruc_upload",
            max_upload_size=MAX_UPLOAD_MB * 5,
        )
        if (raw := _fresh_upload(ruc)) is not None:
            try:
                table = read_ruc_csv(raw, ruc.name)
            except RuralityFileError as error:
                show_refusal(str(error))
            else:
                mine = table[table["lsoa_code"].isin(geography.lsoas["code"])]
                if mine.empty:
                    show_refusal(
                        f"{ruc.name} was not loaded: none of the {len(geography.lsoas)} small "
                        f"areas of {geography.council.name} is in it."
                    )
                else:
                    what = f"the classification of {len(mine)} small areas"
                    _keep(KIND_RURALITY, code, mine, ruc.name, len(table), what)
        packages = st.file_uploader(
            "Unmet packages from the brokerage list (CSV)",
            type=["csv"],
            key="cmm_packages_upload",
            max_upload_size=MAX_UPLOAD_MB,
        )
        if (raw := _fresh_upload(packages)) is not None:
            try:
                table = read_packages_csv(raw, packages.name, geography)
            except PackageFileError as error:
                show_refusal(str(error))
            else:
                _keep(
                    KIND_PACKAGES, code, table, packages.name, len(table), f"{len(table)} packages"
                )


def _keep(kind: str, code: str, frame: pd.DataFrame, name: str, rows_read: int, what: str) -> None:
    """Store an accepted file as the council's current import and say so, or say why not."""
    try:
        save_import(
            kind, code, frame, file_name=name, rows_read=rows_read, imported_by=importer_name()
        )
    except (SQLAlchemyError, OSError) as exc:
        show_refusal(f"{name} was read but could not be saved: {exc.__class__.__name__}")
        return
    st.success(f"Loaded {what} from {escape_markdown(name)}.")


def _imported_layout(geography: CouncilGeography) -> ZoneLayout | None:
    stored = current_import(KIND_ZONES, geography.council.code)
    if stored is not None:
        record, lookup = stored
        return layout_from_lookup(geography, lookup, file_name=record.file_name)
    path = pack_zone_file(geography.council.code)
    if path is None:
        return None
    raw = Path(path).read_bytes()
    try:
        lookup = _zone_lookup_from(raw, path.name, geography)
        return layout_from_lookup(geography, lookup, file_name=f"data pack {path.name}")
    except ZoneFileError as error:
        show_refusal(str(error))
        return None


def known_areas(geography: CouncilGeography) -> set[str]:
    """Return every zone or neighbourhood a link may name for this council.

    The zones of every layout offered (the imported one, else each illustrative one) and
    the council's MSOAs; drawn no widget, so pages without zone figures can check a link.
    """
    imported = _imported_layout(geography)
    layouts = [imported] if imported else _illustrative_layouts(geography.council.code)
    names = {zone for layout in layouts for zone in layout.zone_names}
    return names | set(geography.msoas["code"])


def load_zone_data(geography: CouncilGeography) -> ZoneData:
    """Return the layout, rurality and packages in use, offering a choice of illustrative layout."""
    code = geography.council.code
    layout = _imported_layout(geography)
    if layout is None:
        options = _illustrative_layouts(code)
        titles = [option.title for option in options]
        # Kept in the URL by position (?layout=2), which a link can carry unchanged.
        param = permalink.Param(
            f"{LAYOUT_KEY}_{code}",
            "layout",
            "zone layout",
            titles[0],
            lambda raw: titles[permalink.number(1, len(titles), int)(raw) - 1],
            lambda title: str(titles.index(title) + 1),
        )
        permalink.restore([param], scope=param.key)
        chosen = st.radio("Illustrative zone layout", titles, key=param.key)
        permalink.publish([param])
        layout = options[titles.index(chosen)]
    stored_ruc = current_import(KIND_RURALITY, code)
    if stored_ruc is not None:
        rurality = classify_from_ruc(geography, stored_ruc[1])
        rurality_method = f"ONS Rural Urban Classification ({stored_ruc[0].file_name})"
        rural_key = f"import-{stored_ruc[0].id}"
    else:
        rurality, rurality_method, rural_key = _density(code), DENSITY_METHOD, "density"
    stored_packages = current_import(KIND_PACKAGES, code)
    if stored_packages is not None:
        packages = stored_packages[1]
        method = f"Imported from {stored_packages[0].file_name}."
        illustrative = False
    else:
        rural = rurality.set_index("lsoa_code")["rural"]
        packages, method = _illustrative_packages(code, rural_key, rural)
        illustrative = True
    return ZoneData(layout, rurality, rurality_method, packages, method, illustrative)
