"""Altair chart builders for the fees, occupancy and workforce pages (no Streamlit here)."""
