"""Imports every mapped module so Base.metadata holds the whole domain schema."""
from __future__ import annotations

from models.schema import asn as agencies
from models.schema import batches
from models.schema import letters
from models.schema import office
from models.schema import officers
from models.persons import day_counts as progress_counts
from models.schema import recon as reconciliation
from models.schema import safeguards as safeguard_tables
from models.schema import users
from models.schema import areas as wilayah
from models.schema.base import Base

metadata = Base.metadata

__all__ = [
    "agencies", "batches", "letters", "office", "officers", "progress_counts", "reconciliation",
    "safeguard_tables", "users", "wilayah", "metadata",
]
