"""Imports every mapped module so Base.metadata holds the whole domain schema."""
from __future__ import annotations

from models import (
    agencies,
    batches,
    letters,
    office,
    officers,
    progress_counts,
    reconciliation,
    safeguard_tables,
    users,
    wilayah,
)
from models.base import Base

metadata = Base.metadata

__all__ = [
    "agencies", "batches", "letters", "office", "officers", "progress_counts", "reconciliation",
    "safeguard_tables", "users", "wilayah", "metadata",
]
