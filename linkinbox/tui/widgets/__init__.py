"""The inbox screen's widgets: they post messages up, and the screen sets their data."""
