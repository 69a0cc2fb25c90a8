"""Backups of the database: by hand, daily, and restore with a safety copy."""
