"""The zones page's data: zone layout, rurality and unmet packages, imported or illustrative."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import permalink
from components.auth import may_import, render_import_refusal
from components.first_run import link_notes
from components.geodata import council_geography
from components.safe_text import escape_markdown, show_refusal
from components.selection import selected_zone, set_selection
from components.uploads import Accepted, report, take_upload
from data.figures import load_packs
from data.packages import KIND as PACKAGES_KIND
from data.packages import (
    illustrative_packages,
    published_periods,
    read_packages_csv,
)
from data.problems import Problem
from data.rurality_files import RuralityFileError, read_ruc_csv
from data.sources import imported
from data.store import current_import
from data.zone_files import pack_zone_file, read_zone_geojson, read_zone_lookup
from geo.boundaries import CouncilGeography
from geo.rurality import (
    DENSITY_METHOD,
    classify_by_density,
    classify_from_ruc,
)
from market.zones import (
    AreaSelection,
    ZoneFileError,
    ZoneLayout,
    area_selection,
    illustrative_layouts,
    layout_from_lookup,
    lookup_from_shapes,
)

KIND_ZONES, KIND_RURALITY = "zone_lookup", "rurality"
KIND_PACKAGES = PACKAGES_KIND
LAYOUT_KEY = "cmm_zone_layout_choice"
# The zone layout last chosen, kept where no widget state is cleared (load_zone_data).
KEPT_SUFFIX = "_kept"
TAKEN_KEY = "cmm_zone_uploads"
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


def _zone_lookup_from(raw: bytes, name: str, geography: CouncilGeography) -> pd.DataFrame:
    if name.lower().endswith((".geojson", ".json")):
        return lookup_from_shapes(geography, read_zone_geojson(raw, name), file_name=name)
    return read_zone_lookup(raw, name)


# The zones page's closed expander: the choice of illustrative layout, then the imports.
CHOICES_EXPANDER = "Zone layout, or load your own zones, rurality file or package list"


def render_uploads(geography: CouncilGeography, *, drawn: bool = True) -> DeltaGenerator | None:
    """Offer the three imports; a file with a problem is refused and the data in use stays.

    Returns the place at the top of the expander for the choice of illustrative layout
    (`load_zone_data(choose_in=...)`), or None in a new visitor's first run (`drawn` False),
    which sends the expander empty: closed, it holds the map back and does not move it.
    """
    code = geography.council.code
    with st.expander(CHOICES_EXPANDER):
        if not drawn:
            return None
        choice = st.container()
        if not may_import(code):
            render_import_refusal("zones, rurality or package lists")
            return choice
        st.caption(
            "Columns are set out in the guides “Zones” and “Unmet packages” in the "
            "documentation. Each import "
            "is kept, and replaces the illustrative data for this council."
        )
        uploaders = (
            ("Zone lookup (CSV) or zone boundaries (GeoJSON)", ["csv", "geojson", "json"],
             "cmm_zone_upload", MAX_UPLOAD_MB, KIND_ZONES, _read_zones),
            ("ONS Rural Urban Classification by LSOA (CSV, 2011 or 2021)", ["csv"],
             "cmm_ruc_upload", MAX_UPLOAD_MB * 5, KIND_RURALITY, _read_rurality),
            ("Unmet packages from the brokerage list (CSV)", ["csv"],
             "cmm_packages_upload", MAX_UPLOAD_MB, KIND_PACKAGES, _read_packages),
        )  # fmt: skip
        for label, types, key, most_mb, kind, read in uploaders:
            upload = st.file_uploader(label, type=types, key=key, max_upload_size=most_mb)
            report(
                take_upload(
                    upload,
                    kind=kind,
                    state_key=f"{TAKEN_KEY}-{kind}-{code}",
                    read=lambda raw, name, read=read: read(raw, name, geography),
                )
            )
    return choice


def _read_zones(raw: bytes, name: str, geography: CouncilGeography) -> Accepted:
    lookup = _zone_lookup_from(raw, name, geography)
    layout = layout_from_lookup(geography, lookup, file_name=name)
    loaded = f"Loaded {len(layout.zones)} zones from {name}."
    return Accepted({geography.council.code: lookup}, len(lookup), (loaded,))


def _read_rurality(raw: bytes, name: str, geography: CouncilGeography) -> Accepted:
    table = read_ruc_csv(raw, name)
    mine = table[table["lsoa_code"].isin(geography.lsoas["code"])]
    if mine.empty:
        raise RuralityFileError(
            name,
            [
                Problem(
                    None,
                    None,
                    f"none of the {len(geography.lsoas)} small areas of "
                    f"{geography.council.name} is in it",
                )
            ],
        )
    loaded = f"Loaded the classification of {len(mine)} small areas from {name}."
    return Accepted({geography.council.code: mine}, len(table), (loaded,))


def _read_packages(raw: bytes, name: str, geography: CouncilGeography) -> Accepted:
    table = read_packages_csv(raw, name, geography)
    loaded = f"Loaded {len(table)} packages from {name}."
    return Accepted({geography.council.code: table}, len(table), (loaded,))


def _imported_layout(geography: CouncilGeography) -> ZoneLayout | None:
    stored = current_import(KIND_ZONES, geography.council.code)
    if stored is not None:
        record, lookup = stored
        return layout_from_lookup(
            geography, lookup, file_name=record.file_name, source=imported(record).citation()
        )
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


def layout_in_use(geography: CouncilGeography) -> ZoneLayout:
    """Return the zone layout the zones page shows, drawing no widget: the imported one,
    else the illustrative one chosen there this session or named in the link, else the first."""
    imported = _imported_layout(geography)
    if imported is not None:
        return imported
    options = _illustrative_layouts(geography.council.code)
    titles = [option.title for option in options]
    chosen = _chosen_this_session(f"{LAYOUT_KEY}_{geography.council.code}", titles)
    if chosen is not None:
        return options[titles.index(chosen)]
    try:
        number = permalink.number(1, len(titles), int)(st.query_params.get("layout", "1"))
    except (ValueError, TypeError, OverflowError):  # as permalink.restore: the usual one
        number = 1
    return options[number - 1]


def _chosen_this_session(key: str, titles: list[str]) -> str | None:
    """Return the illustrative layout chosen this session (or restored from the link), if
    it is one of `titles`.

    The choice is kept under a second key as well (set by `load_zone_data`): a run that
    draws no radio (a new visitor's first run of the zones page) would otherwise lose a
    choice made on another page's radio, which shares the key, at the end of that run.
    """
    chosen = st.session_state.get(key, st.session_state.get(f"{key}{KEPT_SUFFIX}"))
    return chosen if chosen in titles else None


def load_zone_data(
    geography: CouncilGeography, *, choose_in: DeltaGenerator | None = None, choose: bool = True
) -> ZoneData:
    """Return the layout, rurality and packages in use, offering a choice of illustrative
    layout where there is no imported one: in `choose_in` (by default here, in the page's
    flow), or, with `choose` False, not at all (the layout chosen this session or named in
    the link, as `layout_in_use`)."""
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
        chosen = _chosen_this_session(param.key, titles)
        if choose:
            if param.key not in st.session_state and chosen is not None:
                st.session_state[param.key] = chosen
            chosen = (choose_in or st).radio("Illustrative zone layout", titles, key=param.key)
        chosen = chosen or titles[0]
        st.session_state[f"{param.key}{KEPT_SUFFIX}"] = chosen
        permalink.publish([param])
        layout = options[titles.index(chosen)]
    stored_ruc = current_import(KIND_RURALITY, code)
    if stored_ruc is not None:
        rurality = classify_from_ruc(geography, stored_ruc[1])
        rurality_method = imported(stored_ruc[0]).citation()
        rural_key = f"import-{stored_ruc[0].id}"
    else:
        rurality, rurality_method, rural_key = _density(code), DENSITY_METHOD, "density"
    stored_packages = current_import(KIND_PACKAGES, code)
    if stored_packages is not None:
        packages = stored_packages[1]
        method = f"{imported(stored_packages[0]).citation()}."
        illustrative = False
    else:
        rural = rurality.set_index("lsoa_code")["rural"]
        packages, method = _illustrative_packages(code, rural_key, rural)
        illustrative = True
    return ZoneData(layout, rurality, rurality_method, packages, method, illustrative)


def selected_areas(geography: CouncilGeography) -> AreaSelection | None:
    """Return the zone or neighbourhood selected (on the zones map or in the link) as areas
    of the layout the zones page shows; None for the whole council.

    A zone of another layout (a link made before the layout changed) is dropped, with a
    note, so the page, its button and the link all say the whole council.
    """
    code = geography.council.code
    selection = selected_zone(code, known_areas(geography))
    chosen = area_selection(layout_in_use(geography), geography, selection)
    notes = []
    if selection is not None and chosen is None:
        notes.append(
            f"The zone “{escape_markdown(selection)}” is not in the zone layout shown on the "
            "zones page, so the whole council is shown."
        )
        set_selection(code, None)
    for note in link_notes("link-areas", notes):
        st.info(note, icon=":material/link_off:")
    return chosen
