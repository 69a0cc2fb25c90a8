"""The statistics packages a per-person export is written for, and their names."""
from __future__ import annotations

import enum


class StatFormat(enum.Enum):
    DTA = "dta"  # Stata 14 and later (release 118, UTF-8)
    SAV = "sav"  # SPSS


FORMAT_LABELS = {StatFormat.DTA: "Stata (.dta)", StatFormat.SAV: "SPSS (.sav)"}
