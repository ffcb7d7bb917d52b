"""Streamlit UI pieces: each owns its widgets and session-state keys."""
