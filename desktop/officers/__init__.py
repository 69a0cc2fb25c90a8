"""Petugas: the officer list and its forms."""
