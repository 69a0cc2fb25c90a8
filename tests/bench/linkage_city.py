"""A labelled city for record linkage: true persons, their noisy records in either source.

Every true person lives in a true household (one No. KK) in an SLS of the master; the
household is in both sources, online only or field only, and each record carries the noise
officers and residents really put in (shares below, each with why). The truth keeps, per
person, the natural keys of their records in each source, so `linkage_metrics.evaluate` can score
what the reconciliation paired. Rows come in the layout `recon_data.store` takes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from models.demo.names import (
    FAMILY_NAMES,
    FEMALE_NAMES,
    FEMALE_SECOND,
    MALE_NAMES,
    MALE_SECOND,
    NEEDS_SECOND,
)
from models.ids.nik import FEMALE_DAY_OFFSET
from models.persons.check import person_key
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.store.db import Database
from tests.bench.recon_data import Sources

# Household level.
OLD_KK = 0.08  # a card reissued (birth, marriage, move) after the Dec 2019 registry cut-off:
#                online typed the old card, the officer copied the new one
RELATIVE_NIK = 0.06  # of both-source households with a member not online: one online member
#                      typed that member's NIK (a parent filling in for the family)
MOVED_HOUSEHOLD = 0.02  # the field found the household in another SLS (moved, SLS boundary)
OTHER_KELURAHAN = 0.15  # of moves: across the kelurahan border, the rest stay inside it
KK_ELSEWHERE = 0.05  # card registered in another kecamatan (moved in, card not updated)
# Person level: identity.
BABY_WITHOUT_NIK = 0.5  # under one year: often not yet registered
NO_DOCUMENTS = 0.01  # no NIK at all (never registered, documents lost)
NIK_ELSEWHERE = 0.10  # NIK issued in another kecamatan (born or registered there)
UNKNOWN_BIRTH = 0.05  # of persons born before 1965: 1 January or 31 December as the registry has it
TWINS = 0.012  # of children: a twin (~12 per 1000 births in Indonesia)
NAMESAKE = 0.01  # named exactly like a person of another household of the same SLS
# Online records.
ONLINE_TITLE = 0.05  # adults typing their degree or hajj title themselves
ONLINE_TWICE = 0.002  # filled twice, the second time with a mistyped NIK
ONLINE_UPPER = 0.4  # typed in capitals; the rest in title case
# Field records (noise against the true person; it matters where both sources hold them).
FIELD_NO_NIK = 0.10  # NIK not copied (card not shown, officer hurried), besides those without
FIELD_NIK_TYPO = 0.005  # one digit of the NIK's serial mistyped
FIELD_TITLE = 0.04  # the officer wrote a title or degree (H., Hj., Drs., ", S.Pd.")
SPELLING = 0.15  # another spelling: Achmad/Ahmad, Nur/Noor, M./Muhammad, dj/j, oe/u, ...
NAME_ORDER = 0.02  # words in another order
NAME_TYPO = 0.03  # one letter wrong, missing, doubled or swapped
DAY_LOST = 0.03  # only month and year known: written as the 1st or the 15th
DAY_MONTH_SWAPPED = 0.015  # DD/MM read as MM/DD (only possible when both are <= 12)
YEAR_SHIFTED = 0.015  # a year off (age told, not the birth date)
SEX_WRONG = 0.005  # a slip of the tablet
MOVED_PERSON = 0.005  # one member counted in another SLS (student, worker)
FIELD_TWICE = 0.004  # counted twice (two officers at an SLS border), the second without NIK
# Officers differ: the field noise above is multiplied by the care of the SLS's officer.
CARE = ((0.6, 0.7), (1.5, 0.2), (3.0, 0.1))  # (factor, share of SLS): mean 1.02

REFERENCE = date(2020, 6, 30)  # the census reference day: ages count to it
ONLINE_DAYS, FIELD_DAYS = (date(2020, 2, 15), 105), (date(2020, 9, 1), 30)

TRAITS = ("kk_lama", "nik_kerabat", "lapangan_tanpa_nik", "nik_salah_ketik", "ejaan", "gelar",
          "urutan_nama", "salah_ketik_nama", "hari_hilang", "hari_bulan_tertukar",
          "tahun_bergeser", "jenis_kelamin", "pindah_sls", "pindah_kelurahan", "kembar",
          "senama", "ganda_lapangan", "ganda_online")
BIT = {name: 1 << index for index, name in enumerate(TRAITS)}

# Other spellings of the words of models.demo.names, as Banjarmasin's records hold them:
# abbreviations, ch/kh/h, old spelling (dj, oe, j for y), f/p and z/j of Banjar speech,
# single and double letters.
_SPELLINGS = """MUHAMMAD M. MUH. MOCH. MOH. MUHAMAD MOHAMMAD|AHMAD ACHMAD AKHMAD|ABDUL ABD. ABDOEL
NUR NOOR NOR|NURUL NUR NOORUL|NOOR NUR|NOORHASANAH NURHASANAH NORHASANAH
NORHAYATI NURHAYATI NOORHAYATI|NORMAH NURMAH NOORMAH|SITI SITTI|SRI SRIE|YUSUF YUSUP JUSUF JOESOEF
JUNAIDI DJUNAIDI JUNAEDI|JAMALUDDIN JAMALUDIN DJAMALUDDIN|JAMILAH DJAMILAH JAMILA
SYARIFUDDIN SYARIFUDIN SJARIFUDDIN|ZULKIFLI ZULKIPLI|FATIMAH FATIMA PATIMAH|FAUZI FAUJI FAUZY
RAHMAH RAHMA|FADILAH FADILLAH|HAFIZAH HAPIZAH|MAHFUZ MAHFUDZ MAHPUJ|ZAINAL JAINAL
RAMADHAN RAMADAN|EFFENDI EFENDI EFENDY|ANISA ANNISA|AISYAH AISAH AISYA|MARIANI MARYANI
YULIANI JULIANI|RIZKI RIZKY RISKI RIZQI|SAIFUL SYAIFUL|HAIRIL KHAIRIL|HABIBI HABIBIE
TAUFIK TAUFIQ TOPIK|WAHYU WAHJU|BUDI BOEDI|RUSDI ROESDI|SAMSUL SYAMSUL|ARSYAD ARSAD
ANSYARI ANSARI|HIDAYAT HIDAJAT|WAHYUNI WAHJUNI|RAHAYU RAHAJU|MAULIDA MAULIDAH|JANNAH JANAH
AINI AINY|RABIATUL ROBIATUL RABI'ATUL|HALIMAH HALIMA|SALMAH SALMA|MASITAH MASITA|RAUDAH RAUDHAH
KHADIJAH HADIJAH KHATIJAH|SYAHRANI SAHRANI|SYARIF SARIF SYARIEF|RAHMAT RACHMAT|RAHMAN RACHMAN
RAHMADI RACHMADI|HASAN HASSAN|HASANAH HASANA|MAHMUD MACHMUD MAHMOED|HAKIM HAKIEM|BAIHAQI BAIHAKI
ZAHRA ZAHRAH|AULIA AULYA|GANI GHANI|HADI HADIE|AMINAH AMINA"""
SPELLINGS = {words[0]: tuple(words[1:]) for words in
             (group.split() for group in _SPELLINGS.replace("\n", "|").split("|"))}
# Twins' names: alike, as parents give them (boy and girl: Putra and Putri).
TWIN_NAMES = [("HASAN", False, "HUSIN", False), ("HASAN", False, "HUSAIN", False),
              ("FAJAR", False, "FAJRI", False), ("IKHSAN", False, "IKHWAN", False),
              ("RINA", True, "RINI", True), ("FITRI", True, "FITRIA", True),
              ("NUR AINI", True, "NUR AINA", True), ("PUTRA", False, "PUTRI", True),
              ("RIZKY", False, "RIZKA", True), ("FIKRI", False, "FIKRA", True)]
_MEN_BEFORE, _WOMEN_BEFORE = ("H.", "IR.", "DRS.", "DR."), ("HJ.", "DRA.", "IR.", "DR.")
_AFTER = (", S.PD.", ", S.E.", ", S.H.", ", S.KOM.", ", A.MD.", ", M.PD.", ", S.AG.")
_LETTERS = "AIUEOHNRSTKMY"


def spelling_variant(rng: random.Random, name: str) -> str:
    """One word of `name` in another spelling, when it has a word that is spelled otherwise."""
    words = name.split()
    spelt = [i for i, word in enumerate(words) if word in SPELLINGS]
    if not spelt:
        return name
    at = rng.choice(spelt)
    words[at] = rng.choice(SPELLINGS[words[at]])
    return " ".join(words)


def honorific(rng: random.Random, name: str, female: bool, year: int) -> str:
    """A hajj title (older persons) or an academic degree, before or after the name."""
    if year <= 1975 and rng.random() < 0.5:
        return f"{'HJ.' if female else 'H.'} {name}"
    if rng.random() < 0.3:
        return f"{rng.choice(_WOMEN_BEFORE if female else _MEN_BEFORE)} {name}"
    return f"{name}{rng.choice(_AFTER)}"


def reorder(rng: random.Random, name: str) -> str:
    """The last word first ("AMINAH SITI"), or two neighbours swapped."""
    words = name.split()
    if len(words) > 2 and rng.random() < 0.5:
        at = rng.randrange(len(words) - 1)
        words[at], words[at + 1] = words[at + 1], words[at]
        return " ".join(words)
    return " ".join(words[-1:] + words[:-1])


def typo(rng: random.Random, name: str) -> str:
    """One letter replaced, dropped, doubled, or swapped with the next."""
    letters = [i for i, char in enumerate(name) if char.isalpha()]
    at = rng.choice(letters[1:] or letters)
    kind = rng.randrange(4)
    if kind == 0:
        return name[:at] + rng.choice(_LETTERS) + name[at + 1:]
    if kind == 1:
        return name[:at] + name[at + 1:]
    if kind == 2:
        return name[:at] + name[at] + name[at:]
    if at + 1 < len(name) and name[at + 1].isalpha():
        return name[:at] + name[at + 1] + name[at] + name[at + 2:]
    return name[:at] + rng.choice(_LETTERS) + name[at + 1:]


@dataclass(frozen=True)
class Area:
    """One SLS of the master as the generator places households in it."""

    sls_id: int
    code: str  # the 16-digit SLS code, the records' area code
    kelurahan_id: int
    kecamatan: str  # its kecamatan's Kemendagri code, as in NIK and No. KK


@dataclass(frozen=True)
class Coverage:
    """Shares of households by the sources holding them (the rest: field only), and of members."""

    both: float
    online_only: float
    online_member: float = 0.93  # in a both-source household: newborns, members living away
    field_member: float = 0.97  # away at every visit


# SP2020: online was the minority (about a third of persons), most of them counted again.
SP2020 = Coverage(both=0.31, online_only=0.04)
# Equal sources (~74 % of persons each, 70 % of each shared), for 700,000 + 700,000.
BALANCED = Coverage(both=0.55, online_only=0.24)


@dataclass
class Truth:
    """Per true person (by index): natural keys of their records in each source, noise bits."""

    online: list[tuple[str, ...]] = field(default_factory=list)
    traits: list[int] = field(default_factory=list)
    field: list[tuple[str, ...]] = field(default_factory=list)  # last: the name hides field()


@dataclass
class LabelledCity:
    sources: Sources
    truth: Truth


def areas(db: Database) -> list[Area]:
    """The active SLS of the office in `db` with their kelurahan and kecamatan."""
    with db.session() as session:
        rows = session.execute(
            select(Sls.id, Sls.bps_code, Sls.kelurahan_id, Kecamatan.kemendagri_code)
            .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
            .join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id)
            .where(Sls.active).order_by(Sls.id)).all()
    known = sorted({code for *_, code in rows if code}) or ["637104"]
    return [Area(i, c, k, code or known[i % len(known)]) for i, c, k, code in rows]


@dataclass(slots=True)
class _Person:
    index: int
    name: str  # upper case, as the registry spells it, without titles
    female: bool
    born: date
    nik: str | None
    online: bool = False
    field: bool = False
    typed_nik: str | None = None  # online: another member's NIK typed instead of their own


def generate(persons: int, city: list[Area], *, coverage: Coverage = SP2020,
             seed: int = 2020) -> LabelledCity:
    """About `persons` true persons in households over `city`, with their records."""
    return _Maker(city, coverage, seed).run(persons)


def records_for(per_source: int, coverage: Coverage) -> int:
    """True persons giving about `per_source` records in the larger source."""
    online = coverage.both * coverage.online_member + coverage.online_only
    fielded = coverage.both * coverage.field_member + 1 - coverage.both - coverage.online_only
    return round(per_source / max(online * 0.99, fielded))  # 0.99: online needs a NIK


class _Maker:
    """One generation: the random stream, the keys taken so far, the rows and the truth."""

    def __init__(self, city: list[Area], coverage: Coverage, seed: int) -> None:
        self.rng = random.Random(seed)
        self.city = city
        self.coverage = coverage
        self.kecamatan = sorted({a.kecamatan for a in city})
        self.by_kelurahan: dict[int, list[Area]] = {}
        for area in city:
            self.by_kelurahan.setdefault(area.kelurahan_id, []).append(area)
        self.niks: set[str] = set()
        self.kks: set[str] = set()
        self.field_keys: set[str] = set()
        self.recent: dict[int, list[tuple[str, bool, int, int]]] = {}  # SLS -> named persons
        self.out = Sources()
        self.truth = Truth()
        self.iso: dict[date, str] = {}
        rng = self.rng
        self.online_moments = [_moment(ONLINE_DAYS, rng) for _ in range(4096)]
        self.field_moments = [_moment(FIELD_DAYS, rng) for _ in range(4096)]
        self.households = 0
        factors, shares = zip(*CARE, strict=True)
        self.care = {a.sls_id: rng.choices(factors, shares)[0] for a in city}

    def run(self, persons: int) -> LabelledCity:
        while len(self.truth.traits) < persons:
            self._household()
        return LabelledCity(self.out, self.truth)

    # -- identities ---------------------------------------------------------------------

    def _nik(self, kecamatan: str, born: date, female: bool) -> str:
        day = born.day + (FEMALE_DAY_OFFSET if female else 0)
        head = f"{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}"
        while True:
            nik = f"{head}{self.rng.randrange(1, 10000):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik

    def _retyped(self, nik: str) -> str:
        """`nik` with one serial digit mistyped, belonging to nobody."""
        rng = self.rng
        while True:
            at = rng.randrange(12, 16)
            other = nik[:at] + str((int(nik[at]) + rng.randrange(1, 10)) % 10) + nik[at + 1:]
            if other[12:] != "0000" and other not in self.niks:
                self.niks.add(other)
                return other

    def _kk(self, kecamatan: str, first: date, days: int) -> str:
        rng = self.rng
        while True:
            issued = first + timedelta(days=rng.randrange(days))
            kk = f"{kecamatan}{issued:%d%m%y}{rng.randrange(1, 10000):04d}"
            if kk not in self.kks:
                self.kks.add(kk)
                return kk

    def _name(self, female: bool, family: str) -> str:
        rng = self.rng
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        words = [first]
        if first in NEEDS_SECOND or rng.random() < 0.5:
            pool = FEMALE_SECOND if female else MALE_SECOND
            second = rng.choice(pool)
            while second == first:
                second = rng.choice(pool)
            words.append(second)
        if rng.random() < 0.4 and family not in words:
            words.append(family)
        return " ".join(words).upper()

    def _born(self, age: int) -> date:
        rng = self.rng
        born = REFERENCE - timedelta(days=age * 365 + rng.randrange(365))
        if born.year < 1965 and rng.random() < UNKNOWN_BIRTH:
            born = date(born.year, 1, 1) if rng.random() < 0.7 else date(born.year, 12, 31)
        return born

    def _person(self, name: str, female: bool, born: date, kecamatan: str,
                traits: int = 0) -> _Person:
        rng = self.rng
        registered = not ((born > REFERENCE - timedelta(days=365)
                           and rng.random() < BABY_WITHOUT_NIK) or rng.random() < NO_DOCUMENTS)
        nik = None
        if registered:
            where = rng.choice(self.kecamatan) if rng.random() < NIK_ELSEWHERE else kecamatan
            nik = self._nik(where, born, female)
        index = len(self.truth.traits)
        self.truth.traits.append(traits)
        self.truth.online.append(())
        self.truth.field.append(())
        return _Person(index, name, female, born, nik)

    def _members(self, home: Area, kecamatan: str) -> list[_Person]:
        """A head, a spouse and children (twins now and then); namesakes from the SLS."""
        rng = self.rng
        family = rng.choice(FAMILY_NAMES)
        size = min(10, max(1, round(rng.gauss(3.7, 1.5))))
        head_age = int(rng.triangular(20, 85, 38))
        head_female = rng.random() < 0.15
        ages = [(head_age, head_female)]
        if size >= 2:
            ages.append((min(90, max(18, head_age + rng.randint(-8, 4))), not head_female))
        oldest_child = max(0, min(head_age - 18, 35))
        members: list[_Person] = []
        recent = self.recent.setdefault(home.sls_id, [])
        for age, female in ages:
            members.append(self._named(age, female, family, recent, kecamatan))
        while len(members) < size:
            age = rng.randint(0, oldest_child)
            if rng.random() < TWINS and len(members) < size - 1:
                members += self._twins(self._born(age), family, kecamatan)
                continue
            members.append(self._named(age, rng.random() < 0.5, family, recent, kecamatan))
        for person in members:
            if len(recent) < 64:
                recent.append((person.name, person.female, person.born.year, self.households))
            elif rng.random() < 0.1:
                recent[rng.randrange(64)] = (person.name, person.female, person.born.year,
                                             self.households)
        return members

    def _named(self, age: int, female: bool, family: str,
               recent: list[tuple[str, bool, int, int]], kecamatan: str) -> _Person:
        rng = self.rng
        if recent and rng.random() < NAMESAKE:
            name, female, year, household = rng.choice(recent)
            if household != self.households:
                year = min(2020, max(1935, year + rng.randint(-2, 2)))
                born = date(year, 1, 1) + timedelta(days=rng.randrange(181 if year == 2020
                                                                         else 365))
                return self._person(name, female, born, kecamatan, BIT["senama"])
        return self._person(self._name(female, family), female, self._born(age), kecamatan)

    def _twins(self, born: date, family: str, kecamatan: str) -> list[_Person]:
        rng = self.rng
        first, first_female, second, second_female = rng.choice(TWIN_NAMES)
        tail = f" {family.upper()}" if rng.random() < 0.6 else ""
        return [self._person(f"{first}{tail}", first_female, born, kecamatan, BIT["kembar"]),
                self._person(f"{second}{tail}", second_female, born, kecamatan, BIT["kembar"])]

    # -- one household and its records --------------------------------------------------

    def _household(self) -> None:
        rng, coverage = self.rng, self.coverage
        self.households += 1
        home = rng.choice(self.city)
        draw = rng.random()
        both = draw < coverage.both
        online_only = not both and draw < coverage.both + coverage.online_only
        kecamatan = rng.choice(self.kecamatan) if rng.random() < KK_ELSEWHERE else home.kecamatan
        old_kk = None
        if both and rng.random() < OLD_KK:
            old_kk = self._kk(kecamatan, date(2005, 1, 1), 15 * 365)
            kk = self._kk(kecamatan, date(2020, 1, 2), 200)
        else:
            kk = self._kk(kecamatan, date(2005, 1, 1), 15 * 365)
        members = self._members(home, kecamatan)
        for person in members:
            if both:
                person.online = person.nik is not None and rng.random() < coverage.online_member
                person.field = rng.random() < coverage.field_member
            else:
                person.online = online_only and person.nik is not None
                person.field = not online_only
        if both and rng.random() < RELATIVE_NIK:
            absent = [p for p in members if p.nik and not p.online]
            present = [p for p in members if p.online]
            if absent and present:
                typer, relative = rng.choice(present), rng.choice(absent)
                typer.typed_nik = relative.nik
                self.truth.traits[typer.index] |= BIT["nik_kerabat"]
        field_home = home
        if rng.random() < MOVED_HOUSEHOLD:
            field_home = self._moved(home)
        for person in members:
            if person.online:
                self._online(person, old_kk or kk, home)
                if old_kk and person.field:
                    self.truth.traits[person.index] |= BIT["kk_lama"]
            if person.field:
                place = self._moved(field_home) if rng.random() < MOVED_PERSON else field_home
                self._field(person, kk, place, home)

    def _moved(self, home: Area) -> Area:
        rng = self.rng
        near = self.by_kelurahan[home.kelurahan_id]
        if len(near) > 1 and rng.random() >= OTHER_KELURAHAN:
            pool = near
        else:
            pool = self.city
        while True:
            other = rng.choice(pool)
            if other is not home or len(pool) == 1:
                return other

    def _iso(self, born: date) -> str:
        text = self.iso.get(born)
        if text is None:
            text = self.iso[born] = born.isoformat()
        return text

    def _online(self, person: _Person, kk: str, home: Area) -> None:
        rng = self.rng
        name = person.name
        adult = person.born.year <= 1997
        if adult and rng.random() < ONLINE_TITLE:
            name = honorific(rng, name, person.female, person.born.year)
        if rng.random() >= ONLINE_UPPER:
            name = name.title()
        nik = person.typed_nik or person.nik
        assert nik is not None
        moment = rng.choice(self.online_moments)
        row = (nik, 0, nik, kk, name, "P" if person.female else "L", self._iso(person.born),
               home.code, "", home.sls_id, 0, moment)
        self.out.online.append(row)
        keys = (nik,)
        if rng.random() < ONLINE_TWICE:
            again = self._retyped(nik)
            self.out.online.append((again, *row[1:2], again, *row[3:]))
            keys = (nik, again)
            self.truth.traits[person.index] |= BIT["ganda_online"]
        self.truth.online[person.index] = keys

    def _field(self, person: _Person, kk: str, place: Area, home: Area) -> None:
        rng = self.rng
        care = self.care[place.sls_id]
        bits = 0
        if place is not home:
            bits |= BIT["pindah_kelurahan" if place.kelurahan_id != home.kelurahan_id
                        else "pindah_sls"]
        nik = person.nik
        if nik is not None and rng.random() < FIELD_NO_NIK * care:
            nik = None
        if nik is None:
            bits |= BIT["lapangan_tanpa_nik"]
        elif rng.random() < FIELD_NIK_TYPO * care:
            nik = self._retyped(nik)
            bits |= BIT["nik_salah_ketik"]
        name, name_bits = self._field_name(person, care)
        born, born_bits = self._field_birth(person.born, care)
        female = person.female
        if rng.random() < SEX_WRONG * care:
            female = not female
            bits |= BIT["jenis_kelamin"]
        keys = []
        key = self._field_row(nik, kk, name, female, born, place)
        if key:
            keys.append(key)
        if rng.random() < FIELD_TWICE * care:
            other = self._moved(place) if rng.random() < 0.5 else place
            again = spelling_variant(rng, name) if rng.random() < 0.3 else name
            key = self._field_row(None, kk, again, female, born, other)
            if key:
                keys.append(key)
                bits |= BIT["ganda_lapangan"]
        self.truth.traits[person.index] |= bits | name_bits | born_bits
        self.truth.field[person.index] = tuple(keys)

    def _field_row(self, nik: str | None, kk: str, name: str, female: bool, born: date,
                   place: Area) -> str | None:
        """Appends the row; None when its natural key is taken (the import would replace)."""
        iso = self._iso(born)
        key = nik or person_key(None, kk, name, iso, place.code)
        if key in self.field_keys:
            return None
        self.field_keys.add(key)
        self.out.field.append((key, 0, nik, kk, name, "P" if female else "L", iso, place.code,
                               "", place.sls_id, 0, self.rng.choice(self.field_moments)))
        return key

    def _field_name(self, person: _Person, care: float) -> tuple[str, int]:
        rng = self.rng
        name, bits = person.name, 0
        if rng.random() < SPELLING * care:
            other = spelling_variant(rng, name)
            if other != name:
                name, bits = other, bits | BIT["ejaan"]
        if rng.random() < NAME_ORDER * care and " " in name:
            name, bits = reorder(rng, name), bits | BIT["urutan_nama"]
        if rng.random() < NAME_TYPO * care:
            name, bits = typo(rng, name), bits | BIT["salah_ketik_nama"]
        if person.born.year <= 1997 and rng.random() < FIELD_TITLE * care:
            name, bits = honorific(rng, name, person.female, person.born.year), bits | BIT["gelar"]
        return name, bits

    def _field_birth(self, born: date, care: float) -> tuple[date, int]:
        rng = self.rng
        draw = rng.random() / care
        if draw < DAY_LOST:
            day = 15 if born.day > 10 and rng.random() < 0.5 else 1
            if day != born.day:
                return born.replace(day=day), BIT["hari_hilang"]
        elif draw < DAY_LOST + DAY_MONTH_SWAPPED:
            if born.day <= 12 and born.day != born.month:
                return date(born.year, born.day, born.month), BIT["hari_bulan_tertukar"]
        elif draw < DAY_LOST + DAY_MONTH_SWAPPED + YEAR_SHIFTED:
            year = born.year + (1 if rng.random() < 0.5 and born.year < 2019 else -1)
            day = min(born.day, 28) if born.month == 2 else born.day
            return date(year, born.month, day), BIT["tahun_bergeser"]
        return born, 0


def _moment(start_days: tuple[date, int], rng: random.Random) -> str:
    start, days = start_days
    return (f"{start + timedelta(days=rng.randrange(days))} "
            f"{rng.randrange(7, 21):02d}:{rng.randrange(60):02d}:00")
