"""The tables, one module per domain; importing the package fills Base.metadata with all of them."""
from __future__ import annotations

from models.schema import (  # noqa: F401 - each module maps its tables onto Base.metadata
    analysis,
    areas,
    asn,
    batches,
    letters,
    maps,
    office,
    officers,
    progress,
    quality,
    recon,
    safeguards,
    schedule,
    users,
)
from models.schema.base import Base

metadata = Base.metadata
