"""Geography for Care Market Map: boundaries, postcodes, places and map layers (no Streamlit)."""
