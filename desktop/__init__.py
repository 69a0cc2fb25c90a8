"""Kendali Sensus desktop UI (PySide6): windows, pages, dialogs and table models only."""
