"""Beranda: the day's figures against the schedule, each opening its page."""
