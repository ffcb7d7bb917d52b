"""What the app server adds to Streamlit's own: cache headers on the static layers."""
