"""Classes of a share against its target, with colour-blind safe colours, for every map."""
from __future__ import annotations

# ColorBrewer RdYlBu, diverging around the target: safe for the common colour blindness.
AROUND_TARGET = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
NO_DATA = "#d9d9d9"
TARGET_BANDS = (50.0, 80.0, 100.0, 120.0)  # % of the target (or of the plan)


def band(value: float | None) -> int:
    """0 for no data; else 1 + the band of TARGET_BANDS `value` falls in (1..5)."""
    if value is None:
        return 0
    return 1 + sum(value >= b for b in TARGET_BANDS)


def band_labels(of_what: str) -> tuple[str, ...]:
    """('Tidak ada data', '< 50 % target', …) for of_what 'target' or 'rencana'."""
    return ("Tidak ada data", f"< 50 % {of_what}", f"50–80 % {of_what}",
            f"80–100 % {of_what}", f"100–120 % {of_what}", f"≥ 120 % {of_what}")


BAND_COLOURS = (NO_DATA, *AROUND_TARGET)


def share_of_plan(found: int, planned_today: int, expected: int) -> float | None:
    """Households found as a % of those the schedule planned by today, or of all expected
    before a schedule exists (planned_today 0); None without either."""
    planned = planned_today or expected
    return 100.0 * found / planned if planned else None
