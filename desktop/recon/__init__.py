"""Rekonsiliasi: the matching run, its summaries, drill-down and the review queue."""
