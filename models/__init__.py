"""Kendali Sensus core: domain schema and operations, free of any Qt import."""
