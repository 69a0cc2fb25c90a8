"""What a pivot report asks for: its dimensions, measure and filters, and their fixed values."""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from models.schema.batches import ImportKind, Sex
from models.schema.recon import CATEGORY_LABELS, ReconCategory

Key = int | str | None  # a dimension value: an id, a code ('L', 'cocok', 'online'), None: unknown


class Dimension(enum.Enum):
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    SLS = "sls"
    PPL = "ppl"
    TIM = "tim"
    KOSEKA = "koseka"
    CATEGORY = "kategori"
    SEX = "jenis_kelamin"
    AGE_GROUP = "kelompok_umur"
    SOURCE = "sumber"

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self]


DIMENSION_LABELS = {
    Dimension.KECAMATAN: "Kecamatan", Dimension.KELURAHAN: "Kelurahan/Desa",
    Dimension.SLS: "SLS", Dimension.PPL: "PPL", Dimension.TIM: "Tim (PML)",
    Dimension.KOSEKA: "Koseka", Dimension.CATEGORY: "Kategori rekonsiliasi",
    Dimension.SEX: "Jenis kelamin", Dimension.AGE_GROUP: "Kelompok umur",
    Dimension.SOURCE: "Sumber",
}
AREAS = frozenset({Dimension.KECAMATAN, Dimension.KELURAHAN, Dimension.SLS})
OFFICERS = frozenset({Dimension.PPL, Dimension.TIM, Dimension.KOSEKA})

# Five-year groups 0–4 … 70–74 and 75+: the key is the group's number, 0 to LAST_AGE_GROUP.
AGE_STEP = 5
LAST_AGE_GROUP = 15
AGE_LABELS = {group: f"{group * AGE_STEP}–{group * AGE_STEP + AGE_STEP - 1}"
              for group in range(LAST_AGE_GROUP)} | {LAST_AGE_GROUP: f"{LAST_AGE_GROUP * 5}+"}
SEX_LABELS = {Sex.LAKI_LAKI.value: "Laki-laki", Sex.PEREMPUAN.value: "Perempuan"}
SOURCE_LABELS = {ImportKind.ONLINE.value: "SP Online", ImportKind.LAPANGAN.value: "Lapangan"}

# The values of the dimensions that do not come from the master, in their display order.
FIXED_LABELS: dict[Dimension, dict[Key, str]] = {
    Dimension.CATEGORY: {c.value: CATEGORY_LABELS[c] for c in ReconCategory},
    Dimension.SEX: dict(SEX_LABELS),
    Dimension.AGE_GROUP: dict(AGE_LABELS),
    Dimension.SOURCE: dict(SOURCE_LABELS),
}
# What a person without the value is shown as.
NONE_LABELS = {
    Dimension.KECAMATAN: "(di luar master wilayah)",
    Dimension.KELURAHAN: "(di luar master wilayah)",
    Dimension.SLS: "(di luar master wilayah)",
    Dimension.PPL: "(belum ada PPL)",
    Dimension.TIM: "(tanpa tim)",
    Dimension.KOSEKA: "(belum ada Koseka)",
    Dimension.CATEGORY: "(tanpa kategori)",
    Dimension.SEX: "(tidak diketahui)",
    Dimension.AGE_GROUP: "(tidak diketahui)",
    Dimension.SOURCE: "(tidak diketahui)",
}


class PivotMeasure(enum.Enum):
    PERSONS = "orang"
    HOUSEHOLDS = "rumah_tangga"
    SHARE = "persentase"

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS = {
    PivotMeasure.PERSONS: "Jumlah orang",
    PivotMeasure.HOUSEHOLDS: "Jumlah rumah tangga (No. KK berbeda)",
    PivotMeasure.SHARE: "Persentase orang",
}


@dataclass(frozen=True)
class PivotSpec:
    rows: tuple[Dimension, ...]
    columns: tuple[Dimension, ...] = ()
    measure: PivotMeasure = PivotMeasure.PERSONS
    # Only persons whose value of the dimension is one of these (None: unknown) are counted.
    filters: Mapping[Dimension, frozenset[Key]] = field(default_factory=dict)

    @property
    def column(self) -> Dimension | None:
        return self.columns[0] if self.columns else None

    @property
    def used(self) -> set[Dimension]:
        return {*self.rows, *self.columns, *self.filters}

    @property
    def outcomes(self) -> bool:
        """Whether the outcomes of reconciliation are counted, not the records of the sources."""
        return Dimension.CATEGORY in self.used


@dataclass(frozen=True)
class Header:
    """One value of a dimension as a row or column shows it."""

    key: Key
    label: str
