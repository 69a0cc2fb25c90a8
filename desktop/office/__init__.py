"""Pengaturan: the office profile, targets and letter settings."""
