"""The care-market model: supply and demand metrics, uplift costs, hotspots, disclosure control."""
