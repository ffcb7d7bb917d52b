"""Rural or urban small areas: the ONS classification, or a postcode-density stand-in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.boundaries import BRITISH_NATIONAL_GRID, CouncilGeography, council_postcodes

# Below this many postcodes per square kilometre an LSOA counts as rural in the stand-in.
# Chosen so the featured councils' shares come close to their ONS rural shares.
RURAL_POSTCODES_PER_KM2 = 20
DENSITY_METHOD = (
    "Derived, not the ONS classification: an LSOA is counted rural when it holds fewer than "
    f"{RURAL_POSTCODES_PER_KM2} postcodes per km² (ONS Postcode Directory, November 2025). "
    "Load the ONS Rural Urban Classification to replace it."
)
CLASS_COLUMNS = ["lsoa_code", "ruc_code", "ruc_name", "rural", "method"]


def classify_from_ruc(geography: CouncilGeography, ruc: pd.DataFrame) -> pd.DataFrame:
    """Return one row per LSOA of the council from an imported RUC; the rest by density.

    A 2021 file names 2021 LSOAs: the few whose codes changed since 2011 fall back to the
    density measure, and say so in `method`.
    """
    density = classify_by_density(geography).set_index("lsoa_code")
    known = ruc.drop_duplicates("lsoa_code").set_index("lsoa_code")
    codes = geography.lsoas["code"]
    matched = codes[codes.isin(known.index)]
    out = density.copy()
    out.loc[matched, ["ruc_code", "ruc_name", "rural", "method"]] = known.loc[
        matched, ["ruc_code", "ruc_name", "rural", "method"]
    ].to_numpy()
    out["rural"] = out["rural"].astype(bool)
    return out.reset_index()[CLASS_COLUMNS]


def postcode_density(geography: CouncilGeography) -> pd.DataFrame:
    """Return postcodes per km² of each LSOA (postcodes of the council's districts only)."""
    counts = council_postcodes(geography)["lsoa_code"].value_counts()
    grid = geography.lsoas.to_crs(BRITISH_NATIONAL_GRID)
    density = pd.DataFrame(
        {
            "lsoa_code": grid["code"].to_numpy(),
            "postcodes": grid["code"].map(counts).fillna(0).astype("int64").to_numpy(),
            "km2": grid.area.to_numpy() / 1e6,
        }
    )
    return density.assign(per_km2=density["postcodes"] / density["km2"])


def classify_by_density(geography: CouncilGeography) -> pd.DataFrame:
    """Return the postcode-density stand-in: rural below RURAL_POSTCODES_PER_KM2."""
    density = postcode_density(geography)
    rural = density["per_km2"] < RURAL_POSTCODES_PER_KM2
    return pd.DataFrame(
        {
            "lsoa_code": density["lsoa_code"],
            "ruc_code": np.where(rural, "rural-density", "urban-density"),
            "ruc_name": np.where(
                rural,
                f"Rural (fewer than {RURAL_POSTCODES_PER_KM2} postcodes per km²)",
                f"Urban ({RURAL_POSTCODES_PER_KM2} or more postcodes per km²)",
            ),
            "rural": rural.to_numpy(),
            "method": "postcode density",
        }
    )
