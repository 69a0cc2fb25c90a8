"""The quality measures, how each is read, and the thresholds over which an officer is flagged."""
from __future__ import annotations

import enum
import math
from dataclasses import dataclass, fields


class Direction(enum.Enum):
    """When a measure's value flags its officer."""

    ABOVE = "above"  # the value is over the threshold
    FAR_FROM_AREA = "far_from_area"  # it differs from the area's by more, either way
    ABOVE_AREA = "above_area"  # it exceeds the area's by more than the threshold
    TIMES_AREA = "times_area"  # it is more than threshold x the reference (the team's pace)


class Measure(enum.Enum):
    WHIPPLE = "whipple"
    MYERS = "myers"
    JAN_1 = "jan_1"
    AUG_17 = "aug_17"
    FIRST_OF_MONTH = "first_of_month"
    SAME_BIRTH_IN_HOUSEHOLD = "same_birth_in_household"
    SEX_RATIO = "sex_ratio"
    HOUSEHOLD_SIZE = "household_size"
    ONE_PERSON_SHARE = "one_person_share"
    NO_NIK = "no_nik"
    INVALID_NIK = "invalid_nik"
    DUPLICATES = "duplicates"
    PINDAH = "pindah"
    PACE = "pace"
    LONG_GAP = "long_gap"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def unit(self) -> str:
        return UNITS[self]

    @property
    def direction(self) -> Direction:
        return DIRECTIONS[self]

    @property
    def threshold_field(self) -> str:
        """The Thresholds field that holds this measure's threshold."""
        return self.value


LABELS: dict[Measure, str] = {
    Measure.WHIPPLE: "Indeks Whipple",
    Measure.MYERS: "Indeks Myers",
    Measure.JAN_1: "Lahir 1 Januari",
    Measure.AUG_17: "Lahir 17 Agustus",
    Measure.FIRST_OF_MONTH: "Lahir tanggal 1",
    Measure.SAME_BIRTH_IN_HOUSEHOLD: "Tanggal lahir kembar dalam ruta",
    Measure.SEX_RATIO: "Rasio jenis kelamin",
    Measure.HOUSEHOLD_SIZE: "Rata-rata anggota ruta",
    Measure.ONE_PERSON_SHARE: "Ruta satu orang",
    Measure.NO_NIK: "Tanpa NIK",
    Measure.INVALID_NIK: "NIK tidak sah",
    Measure.DUPLICATES: "Ganda",
    Measure.PINDAH: "Pindah",
    Measure.PACE: "Laju (ruta per hari aktif)",
    Measure.LONG_GAP: "Jeda terpanjang",
}

UNITS: dict[Measure, str] = {
    Measure.WHIPPLE: "indeks",
    Measure.MYERS: "indeks",
    Measure.JAN_1: "%",
    Measure.AUG_17: "%",
    Measure.FIRST_OF_MONTH: "%",
    Measure.SAME_BIRTH_IN_HOUSEHOLD: "%",
    Measure.SEX_RATIO: "laki-laki per 100 perempuan",
    Measure.HOUSEHOLD_SIZE: "orang",
    Measure.ONE_PERSON_SHARE: "%",
    Measure.NO_NIK: "%",
    Measure.INVALID_NIK: "%",
    Measure.DUPLICATES: "%",
    Measure.PINDAH: "%",
    Measure.PACE: "ruta per hari",
    Measure.LONG_GAP: "hari kerja",
}

DIRECTIONS: dict[Measure, Direction] = {
    **dict.fromkeys(Measure, Direction.ABOVE),
    Measure.SEX_RATIO: Direction.FAR_FROM_AREA,
    Measure.HOUSEHOLD_SIZE: Direction.FAR_FROM_AREA,
    Measure.ONE_PERSON_SHARE: Direction.ABOVE_AREA,
    Measure.PACE: Direction.TIMES_AREA,
}

# Measures counted over households (their minimum is min_households, not min_persons).
HOUSEHOLD_MEASURES = frozenset({Measure.HOUSEHOLD_SIZE, Measure.ONE_PERSON_SHARE,
                                Measure.PACE, Measure.LONG_GAP})


@dataclass(frozen=True)
class Thresholds:
    """Where an officer is flagged; the defaults and why (each field's docstring below).
    A value flags when it is over its threshold (never when it is equal to it).

    Shares are percentages (5.0 is 5 %). `version_id` is the stored version read
    (0: never saved); saving against an older one is refused.
    """

    whipple: float = 125.0
    """UN reading of Whipple's index (Shryock & Siegel 1976): 125 and over is "rough"."""
    myers: float = 20.0
    """Myers' index runs 0 (no heaping) to 90 and estimates the least share (%) of persons
    whose age has a wrong last digit (Shryock & Siegel 1976). The UN gives no classes for
    it; 20 (a fifth of ages misreported) is a working choice. For scale: the heaped
    Yavatmal survey (Pardeshi 2010, Whipple 383) scored 42."""
    jan_1: float = 5.0
    """1 January is 1/365 = 0.27 % of birthdays; 5 % is more than 18 times that, the mark of
    dates made up for persons who did not know theirs (a common NIK filler date)."""
    aug_17: float = 2.0
    """17 August (Independence Day) is 0.27 % naturally; 2 % is over 7 times that."""
    first_of_month: float = 10.0
    """The 1st is 12/365 = 3.3 % of birthdays; 10 % is three times that."""
    same_birth_in_household: float = 10.0
    """Members of one household sharing an exact birth date are twins and chance (about
    2-3 % of persons); 10 % means dates were copied from one member to the others."""
    sex_ratio: float = 15.0
    """Points away from the area's ratio (SP2020 Indonesia: about 102 men per 100 women);
    a PPL listing 117 or 87 where the area has 102 left out men or women somewhere."""
    household_size: float = 1.0
    """Persons away from the area's mean (about 4 in Indonesia): one person more or less
    per household means households split or merged, or members left out."""
    one_person_share: float = 15.0
    """Points above the area's share of one-person households (around one in ten in
    Indonesia): an officer far above it is listing members as households of their own."""
    no_nik: float = 10.0
    """Field persons without NIK: babies and the unregistered, a few % in a city; 10 %
    means the officer did not ask for the KK."""
    invalid_nik: float = 2.0
    """Persons the reconciliation finds "tidak valid": a NIK that breaks the rules, or no
    NIK and no usable No. KK, name and birth date; 2 % is careless typing."""
    duplicates: float = 2.0
    """Persons listed twice (recon "ganda"); a few per thousand are normal, 2 % is not."""
    pindah: float = 10.0
    """Persons found in another SLS than their SP Online one (recon "pindah"): moving is
    real, but 10 % of one officer's persons is a boundary or assignment problem."""
    pace: float = 2.0
    """Times the team's median households per active day: twice the pace of colleagues
    in the same area is too fast for a visit of every household."""
    long_gap: float = 5.0
    """Working days without a visit between two active days: more than 5, a whole working
    week (Monday to Saturday) off in the middle of enumeration, needs an explanation."""
    min_persons: int = 100
    """Fewer persons than this: the person measures are not judged (too few to tell)."""
    min_households: int = 30
    """Fewer households than this: household size, one-person share, pace and gaps are
    not judged."""
    version_id: int = 0

    def of(self, measure: Measure) -> float:
        return float(getattr(self, measure.threshold_field))

    def minimum(self, measure: Measure) -> int:
        return self.min_households if measure in HOUSEHOLD_MEASURES else self.min_persons


# Why each default is what it is, in Indonesian for Pengaturan › Kualitas (the same reasons
# as the field docstrings of Thresholds above).
THRESHOLD_SOURCES: dict[str, str] = {
    "whipple": "Klasifikasi PBB untuk indeks Whipple (Shryock & Siegel 1976): < 105 sangat "
               "akurat, 105–109,9 cukup akurat, 110–124,9 kurang akurat, 125–174,9 kasar, "
               "≥ 175 sangat kasar. Bawaan 125: mulai \"kasar\".",
    "myers": "Indeks Myers 0 (tanpa penumpukan) s.d. 90, perkiraan bagian penduduk yang angka "
             "akhir umurnya keliru (Shryock & Siegel 1976). PBB tidak memberi kelas; bawaan 20 "
             "(seperlima umur keliru) adalah pilihan kerja.",
    "jan_1": "Secara alami 1/365 ≈ 0,27 % orang lahir 1 Januari; 5 % (lebih dari 18 kali) "
             "menandakan tanggal karangan bagi yang tidak tahu tanggal lahirnya.",
    "aug_17": "17 Agustus secara alami ≈ 0,27 %; 2 % berarti lebih dari 7 kali lipat.",
    "first_of_month": "Tanggal 1 secara alami 12/365 ≈ 3,3 %; 10 % berarti tiga kali lipat.",
    "same_birth_in_household": "Anggota satu ruta dengan tanggal lahir sama (kembar, "
                               "kebetulan) hanya beberapa persen; 10 % berarti tanggal "
                               "disalin dari satu anggota ke anggota lain.",
    "sex_ratio": "Selisih dari rasio jenis kelamin kecamatan (SP2020: sekitar 102 laki-laki "
                 "per 100 perempuan); 15 poin berarti ada laki-laki atau perempuan terlewat.",
    "household_size": "Selisih dari rata-rata anggota ruta kecamatan (sekitar 4 orang); "
                      "1 orang berarti ruta dipecah/digabung atau anggota terlewat.",
    "one_person_share": "Kelebihan dari persentase ruta satu orang di kecamatan (sekitar satu "
                        "dari sepuluh); 15 poin berarti anggota dicatat sebagai ruta sendiri.",
    "no_nik": "Penduduk lapangan tanpa NIK (bayi, belum terdaftar) hanya beberapa persen; "
              "10 % berarti KK tidak ditanyakan.",
    "invalid_nik": "Penduduk yang oleh rekonsiliasi dinilai \"tidak valid\" (NIK tidak "
                   "memenuhi aturan, atau tanpa NIK dan tanpa No. KK, nama, tanggal lahir "
                   "yang dapat dipakai); 2 % berarti salah ketik.",
    "duplicates": "Penduduk tercatat dua kali (\"ganda\" di rekonsiliasi); beberapa per seribu "
                  "wajar, 2 % tidak.",
    "pindah": "Penduduk ditemukan di SLS lain dari isian SP Online (\"pindah\"); 10 % dari "
              "satu petugas menandakan masalah batas atau penugasan.",
    "pace": "Kali median ruta per hari aktif PPL lain dalam timnya: dua kali lipat terlalu "
            "cepat untuk mengunjungi setiap ruta.",
    "long_gap": "Hari kerja tanpa kunjungan di antara dua hari aktif: lebih dari 5, satu "
                "minggu kerja (Senin–Sabtu), perlu penjelasan.",
    "min_persons": "Petugas dengan penduduk lebih sedikit tidak dinilai untuk ukuran penduduk: "
                   "terlalu sedikit untuk disimpulkan.",
    "min_households": "Petugas dengan ruta lebih sedikit tidak dinilai untuk ukuran ruta, laju "
                      "dan jeda.",
}

THRESHOLD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Thresholds)
                                          if f.name != "version_id")


def is_flagged(measure: Measure, value: float | None, reference: float | None,
               threshold: float) -> bool:
    """Whether `value` flags its officer against `reference` (the area's value, or for the
    pace the team's median); a missing value never flags, nor a missing reference."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    direction = measure.direction
    if direction is Direction.ABOVE:
        return value > threshold
    if reference is None or math.isnan(reference) or math.isinf(reference):
        return False
    if direction is Direction.FAR_FROM_AREA:
        return abs(value - reference) > threshold
    if direction is Direction.ABOVE_AREA:
        return value - reference > threshold
    return reference > 0 and value > threshold * reference
