"""Progres: progress per area and officer, in tables and charts."""
