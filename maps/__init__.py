"""Folium maps: council base maps, layers for supply, zones and England, and their assets."""
