"""Progress against the office targets per area and officer."""
