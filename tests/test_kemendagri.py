"""The shipped Kemendagri code tables: national, Kemendagri-numbered, fast, refused when broken."""
from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest

from models.ids.kemendagri import CodeTableError, load_codes
from models.resources import resource_path

CODES = load_codes()
TABLES = resource_path("kemendagri")


def _build_tables() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_tables", TABLES / "build_tables.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_papua_provinces_are_numbered_as_in_a_nik() -> None:
    # Kepmendagri 300.2.2-2138/2025; BPS numbers them differently (94 Papua, 91 Papua Barat)
    assert {code: CODES.provinces[code] for code in ("91", "92", "93", "94", "95", "96")} == {
        "91": "Papua", "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah",
        "95": "Papua Pegunungan", "96": "Papua Barat Daya"}
    assert "97" not in CODES.provinces


def test_every_province_has_its_kab_kota_and_kecamatan() -> None:
    assert (len(CODES.provinces), len(CODES.kabupaten_kota), len(CODES.kecamatan)) == (
        38, 514, 7285)
    assert CODES.provinces_with_kecamatan == set(CODES.provinces)
    assert {code[:2] for code in CODES.kabupaten_kota} == set(CODES.provinces)
    assert {code[:4] for code in CODES.kecamatan} == set(CODES.kabupaten_kota)
    assert all(name.strip() == name and name for name in CODES.kecamatan.values())


def test_kecamatan_from_several_provinces() -> None:
    assert CODES.kecamatan["637105"] == "Banjarmasin Tengah"
    assert CODES.kecamatan["317101"] == "Gambir"
    assert CODES.kecamatan["930101"] == "Merauke"  # Papua Selatan, missing before
    assert CODES.kecamatan["352922"] == 'Ra"as'  # a quote in a name survives the CSV
    assert CODES.kecamatan_label("637104") == "Banjarmasin Utara, Kota Banjarmasin"
    assert CODES.kecamatan_label("637199") == "637199"


def test_loading_the_national_table_stays_fast() -> None:
    started = time.perf_counter()
    for _ in range(3):
        load_codes.__wrapped__(TABLES)  # uncached: read and parse the files each time
    assert (time.perf_counter() - started) / 3 < 0.1


def test_shipped_tables_are_exactly_what_build_tables_writes() -> None:
    """Sorted, normalised, no hand edits: a refresh from the package shows only real changes."""
    build = _build_tables()
    for name in ("provinsi.csv", "kabupaten_kota.csv", "kecamatan.csv"):
        text = (TABLES / name).read_text(encoding="utf-8")
        rows = build._shipped(name)
        assert list(rows) == sorted(rows) and build.render(rows) == text, name


def _package(tmp_path: Path, districts: str) -> Path:
    data = tmp_path / "package" / "data"
    data.mkdir(parents=True)
    (data / "provinces.csv").write_text("code,name\n63,Kalimantan Selatan\n", encoding="utf-8")
    (data / "regencies.csv").write_text("code,province_code,name\n63.71,63,Kota Banjarmasin\n",
                                        encoding="utf-8")
    (data / "districts.csv").write_text("code,regency_code,name\n" + districts,
                                        encoding="utf-8")
    return tmp_path / "package"


def test_build_tables_reads_a_package_and_normalises_names(tmp_path: Path) -> None:
    package = _package(tmp_path, '63.71.04,63.71,"Banjarmasin  Utara "\n')
    tables = _build_tables().build(package)
    assert tables["kecamatan.csv"] == {"637104": "Banjarmasin Utara"}
    assert tables["kabupaten_kota.csv"] == {"6371": "Kota Banjarmasin"}


@pytest.mark.parametrize("districts, why", [
    ("63.71.04,63.71,A\n63.71.04,63.71,B\n", "dua kali"),
    ("63.72.01,63.72,A\n", "induk 6372"),
    ("63.71.4,63.71,A\n", "bukan 6 angka"),
    ("63.71.04,63.71,\n", "nama kosong"),
    ("63.71.04,63.71,A\x00B\n", "karakter kendali"),
])
def test_build_tables_refuses_a_package_it_cannot_trust(tmp_path: Path, districts: str,
                                                        why: str) -> None:
    build = _build_tables()
    with pytest.raises(build.TableError, match=why):
        build.build(_package(tmp_path, districts))


@pytest.mark.parametrize("name, content", [
    ("kecamatan.csv", None),  # missing
    ("kecamatan.csv", "code,name\n637104,Banjarmasin Utara\n"),  # wrong header
    ("kecamatan.csv", "kode,nama\n63710,Banjarmasin Utara\n"),  # five digits
    ("kecamatan.csv", "kode,nama\n６３７１０４,Banjarmasin Utara\n"),  # full-width digits
    ("provinsi.csv", "kode,nama\n63,Kalimantan Selatan,extra\n"),  # three cells
])
def test_a_damaged_table_is_a_clear_error(tmp_path: Path, name: str, content: str | None) -> None:
    for table in ("provinsi.csv", "kabupaten_kota.csv", "kecamatan.csv"):
        (tmp_path / table).write_bytes((TABLES / table).read_bytes())
    if content is None:
        (tmp_path / name).unlink()
    else:
        (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(CodeTableError, match="pasang ulang") as caught:
        load_codes.__wrapped__(tmp_path)
    assert name in caught.value.detail
