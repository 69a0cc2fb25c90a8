"""Kualitas: officers ranked by their quality flags, the records behind a flag, the charts."""
