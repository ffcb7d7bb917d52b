"""The council beside its peers and England: a range bar, the peers' median and the council."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import OKABE_ITO, bar_step, readable, wrap_label

RANGE_COLOUR = "#BDBDBD"


def peer_chart(table: pd.DataFrame, council_name: str, value_title: str) -> alt.TopLevelMixin:
    """Return one row a measure: the peers' range as a grey bar, their median and England's
    as ticks, the council as a dot. `table` is market.peers.compare's, with a `label` column."""
    data = table.assign(label=table["label"].map(wrap_label))
    y = alt.Y("label:N").title(None).sort(None).axis(labelLimit=0)
    tooltip = [
        alt.Tooltip("label:N", title="Measure"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("council:Q", title=council_name, format=",.1f"),
        alt.Tooltip("peer_median:Q", title="Similar councils' median", format=",.1f"),
        alt.Tooltip("peer_low:Q", title="Lowest of them", format=",.1f"),
        alt.Tooltip("peer_high:Q", title="Highest of them", format=",.1f"),
        alt.Tooltip("england_median:Q", title="England median", format=",.1f"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    peer_range = base.mark_bar(height=14, color=RANGE_COLOUR).encode(
        x=alt.X("peer_low:Q").title(value_title), x2="peer_high:Q"
    )
    marks = (
        data.melt(
            id_vars=["label", "period"],
            value_vars=["peer_median", "england_median", "council"],
            var_name="who",
            value_name="value",
        )
        .dropna(subset=["value"])
        .assign(
            who=lambda f: f["who"].map(
                {
                    "peer_median": "Similar councils' median",
                    "england_median": "England median",
                    "council": council_name,
                }
            )
        )
    )
    points = (
        alt.Chart(marks)
        .mark_point(size=160, filled=True)
        .encode(
            y=y,
            x="value:Q",
            color=alt.Color("who:N")
            .title(None)
            .scale(
                domain=[council_name, "Similar councils' median", "England median"],
                range=[OKABE_ITO[5], OKABE_ITO[0], "#000000"],
            )
            .legend(orient="bottom", columns=1, labelLimit=0),
            shape=alt.Shape("who:N")
            .scale(
                domain=[council_name, "Similar councils' median", "England median"],
                range=["circle", "diamond", "triangle-up"],
            )
            .legend(None),
        )
    )
    height = 90 + bar_step(data["label"]) * len(data)
    return readable((peer_range + points).properties(width="container", height=height))
