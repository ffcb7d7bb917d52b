"""Your data: import the CQC directory, population, projection and national files; see and
restore every earlier import."""

import streamlit as st

from components.council_picker import current_council
from components.cqc_upload import render_cqc_upload, render_import_history
from components.deprivation_upload import render_deprivation_upload
from components.figure_upload import KIND as ADDED_FIGURES
from components.peer_list_upload import render_peer_list_upload
from components.population_upload import render_population_upload
from components.projection_upload import render_projection_upload
from components.routing import through_router
from components.unit_costs_upload import render_unit_costs_upload
from components.workforce_upload import render_workforce_upload
from components.zone_data import KIND_PACKAGES, KIND_RURALITY, KIND_ZONES
from data import cqc, deprivation, peer_lists, population, projections, unit_costs

through_router()

council = current_council()
st.title(f"{council.name}: your data")
st.caption(
    "Files imported here are kept, every version, and used on the other pages. A file "
    "with a problem is refused whole, and the data already in use stays in use."
)
st.header("CQC care directory")
render_cqc_upload(council)
render_import_history(cqc.KIND, council, "CQC")
with st.expander("For administrators: refresh the directory on a schedule"):
    st.write("Run one of these on the server, from the app's folder:")
    st.code(
        f"python -m data.cqc_cli import FILE --council {council.code}\n"
        f"python -m data.cqc_cli fetch URL --council {council.code}",
        language=None,
    )
st.header("Population")
render_population_upload(council)
render_import_history(population.KIND, council, "population")
st.subheader("Population projections")
render_projection_upload(council)
render_import_history(projections.KIND, council, "population projections")
st.subheader("Deprivation")
render_deprivation_upload(council)
render_import_history(deprivation.KIND, council, "deprivation deciles")
st.header("NHS England unit costs")
render_unit_costs_upload(council)
render_import_history(unit_costs.KIND, council, "NHS England unit costs")
with st.expander("For administrators: refresh the unit costs on a schedule"):
    st.write("Run one of these on the server, from the app's folder (every council is saved):")
    st.code(
        "python -m data.unit_costs_cli import FILE\npython -m data.unit_costs_cli fetch URL",
        language=None,
    )
render_workforce_upload(council)
render_peer_list_upload(council)
render_import_history(peer_lists.KIND, council, "lists of similar councils")
st.header("Zones, rurality and unmet packages")
st.caption("Loaded on the Home care zones page; every version is kept here.")
render_import_history(KIND_ZONES, council, "zone layout")
render_import_history(KIND_RURALITY, council, "rurality")
render_import_history(KIND_PACKAGES, council, "package list")
st.header("Added figures")
st.caption("Added on the Fees, Occupancy or Workforce page; every version is kept here.")
render_import_history(ADDED_FIGURES, council, "added figures")
