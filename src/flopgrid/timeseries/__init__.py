"""Hourly series of a site: solar and wind availability, grid price and carbon shapes,
shipped load series, and users' own CSV files.

Neutral ground: both the planning model (time slices) and the dispatch model read
their hourly profiles from here, and neither imports the other.
"""
