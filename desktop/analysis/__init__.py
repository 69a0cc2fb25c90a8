"""Laporan: pivot reports over persons and outcomes, saved per user, exported to xlsx."""
