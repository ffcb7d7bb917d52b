"""With the generated national files imported, every one of the 153 councils has unit costs,
a home care rate, workforce rates and deprivation, and sits beside similar councils."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.generate import asc_fr_csv, imd_file7, workforce_workbook
from data import deprivation, unit_costs, workforce_estimates
from data.figures import combine_figures
from data.sources import cite
from geo.boundaries import english_councils
from geo.england import lsoa_density
from market import peers

pytestmark = pytest.mark.slow

FEES = (
    "unit_cost_weekly_65plus",
    "unit_cost_weekly_18_64",
    "unit_cost_hourly_home_care_external",
    "unit_cost_hourly_home_care_in_house",
)
WORKFORCE = ("vacancy_rate_pct", "turnover_rate_pct")
DEPRIVATION = (deprivation.MOST_DEPRIVED_SHARE, deprivation.OLDER_INCOME_DEPRIVED)


@pytest.fixture(scope="module")
def national() -> tuple[pd.DataFrame, pd.DataFrame]:
    councils = [c.code for c in english_councils()]
    costs = unit_costs.import_unit_costs(asc_fr_csv(2024), "asc-fr.csv").figures
    staff = workforce_estimates.import_workforce(
        workforce_workbook(), "LA-data-download.xlsx", "2023-24"
    ).figures
    areas = deprivation.import_deprivation(imd_file7(councils), "File_7.csv").table
    figures = combine_figures([costs, staff, deprivation.council_figures([areas])])
    district_council = {d: c.code for c in english_councils() for d in c.district_codes}
    shares = figures[figures["measure"] == deprivation.MOST_DEPRIVED_SHARE]
    features = peers.council_features(
        lsoa_density(), district_council, deprived=shares.set_index("council_code")["value"]
    )
    return figures, features


def test_every_council_has_fees_workforce_and_deprivation_each_with_a_readable_source(national):
    figures, _ = national
    councils = {c.code for c in english_councils()}
    assert len(councils) == 153
    for topic in (FEES, WORKFORCE, DEPRIVATION):
        rows = figures[figures["measure"].isin(topic) & (figures["service"] != "benchmark")]
        assert set(rows["council_code"]) == councils, topic
        # A figure the file marks suppressed (*) or not submitted (:) is missing, rarely;
        # the in-house hourly rate and 18-64 costs are missing more often.
        for measure in topic[:2]:
            held = rows.loc[rows["measure"] == measure, "council_code"].nunique()
            assert held >= 0.95 * len(councils), measure
        readable = rows["source_file"].map(cite)
        assert not readable.str.contains(r"national:|\.csv|\.xlsx").any(), topic
        assert rows["kind"].isin(["published", "derived"]).all()
    assert set(figures.loc[figures["measure"].isin(DEPRIVATION), "kind"]) == {"derived"}


def test_every_council_but_the_two_smallest_sits_beside_its_peers_on_every_measure(national):
    figures, features = national
    assert "deprived_share" in features  # every council has it, so peers use it
    measures = (*FEES, *WORKFORCE, *DEPRIVATION)
    for council in english_councils():
        group = peers.nearest_peers(features, council.code)
        if council.code in peers.TOO_SMALL_TO_COMPARE:
            assert group is None
            continue
        assert len(group.peers) == peers.PEER_COUNT
        table = peers.compare(figures, group, measures)
        assert set(table["measure"]) == set(measures), council.name
        own = figures[figures["council_code"] == council.code]
        for row in table.itertuples():
            same = figures[
                (figures["measure"] == row.measure)
                & (figures["service"] == row.service)
                & (figures["period"] == row.period)
            ].set_index("council_code")["value"]
            if row.service in set(own.loc[own["measure"] == row.measure, "service"]):
                assert row.council == pytest.approx(same[council.code])
            expected = same.reindex(list(group.peers)).dropna()
            assert row.peers_with_figure == len(expected) > 0
            assert row.peer_median == pytest.approx(np.median(expected))
