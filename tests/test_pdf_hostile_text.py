"""Names with markup in every PDF the app makes: rendered as their literal text, never parsed."""
from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import insert, select

from models.assignment.assign import assign, sls_versions
from models.letters.issue import issue_letters, render_draft
from models.letters.opd import opd_letters
from models.letters.pdf.markup import bold, markup
from models.letters.progress import AreaScope, area_letters
from models.letters.surat_tugas import issue_surat_tugas
from models.office.profile import get_profile
from models.persons.day_counts import recount
from models.recon.printing import render_online_only
from models.recon.run import run_reconciliation
from models.schema.asn import Agency, AsnEmployee
from models.schema.batches import ImportBatch, ImportKind, OnlineSubmission
from models.schema.office import OfficeProfile
from models.schema.officers import Assignment, Officer, OfficerRole
from tests.builders import SmallCity, set_office_codes
from tests.recon_cases import P, add_batch, nik_of
from tests.schedule_helpers import set_field_window

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 24)
BOLD = "Budi <b>Santoso"
IMAGE = '<img src="/etc/hostname"/>'
FONT = "<font size=40>Besar"
AMP = "Ali <b>&"
OTHER = "Tono </para> &amp; <br/>"
HOSTILE = (BOLD, IMAGE, FONT, AMP, OTHER)


def squeeze(text: str) -> str:
    """Without whitespace: table cells and lines wrap where they will."""
    return "".join(text.split())


def text_of(path: Path) -> str:
    return squeeze("\n".join(page.extract_text() for page in PdfReader(path).pages))


def has_no_images(path: Path) -> bool:
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        objects = resources.get("/XObject") if hasattr(resources, "get") else None
        if objects:
            return False
    return True


@pytest.fixture
def hostile(db):  # type: ignore[no-untyped-def]
    """A city whose every name from data carries markup."""
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        city.kec.name = FONT
        city.kel_a.name, city.kel_b.name = BOLD, AMP
        city.sls[0].name = IMAGE
        city.ppl[0].name, city.ppl[1].name = AMP, BOLD
        city.pml.name = OTHER
        koseka = Officer(nik="6371040101900099", name=IMAGE, role=OfficerRole.KOSEKA,
                         kecamatan_id=city.kec.id)
        session.add(koseka)
        session.flush()
        session.add(Assignment(officer_id=koseka.id, kecamatan_id=city.kec.id))
        profile = session.scalars(select(OfficeProfile)).one()
        profile.region_name, profile.province_name = "Kota <b>Banjarmasin", "Kalsel & <i>"
        profile.city, profile.head_name = "Banjar<u>masin", AMP
        profile.head_nip, profile.head_title = "197305121996022001", "Kepala <b>BPS &"
        profile.label_ppl = "PPL <i>"
        agency = Agency(code="OPD-001", name=BOLD, head_title=AMP, address=IMAGE)
        session.add(agency)
        session.flush()
        session.add(AsnEmployee(agency_id=agency.id, name=FONT, nip="198502022010012003",
                                nik=nik_of(5001, female=True), unit=OTHER))
        session.commit()
        assign(session, {s: city.ppl_ids[0] for s in city.sls_ids[:3]} |
               {s: city.ppl_ids[1] for s in city.sls_ids[3:]},
               sls_versions(session, city.sls_ids), "sari")
        codes = [s.bps_code for s in city.sls]
        add_batch(session, ImportKind.ONLINE, [P(1, BOLD), P(2, IMAGE), P(3, FONT, sls=3),
                                               P(4, AMP, sls=4)], city.sls_ids, codes)
        batch = ImportBatch(kind=ImportKind.ONLINE, file_name="b.xlsx", file_sha256="1" * 64)
        session.add(batch)
        session.flush()
        session.execute(insert(OnlineSubmission), [
            {"batch_id": batch.id, "natural_key": nik_of(n), "nik": nik_of(n),
             "name": f"Warga {n}", "sls_id": city.sls_ids[n % 5],
             "submitted_at": datetime(2026, 11, 1, 9)} for n in range(100, 130)])
        recount(session, ImportKind.ONLINE)
        session.commit()
        set_field_window(session)  # a numbered Surat Tugas names its period
        run_reconciliation(session, by="tester")
        return city


def test_the_escape_helper_keeps_text_literal() -> None:
    assert markup(BOLD) == "Budi &lt;b&gt;Santoso"
    assert markup(AMP) == "Ali &lt;b&gt;&amp;"
    assert bold(IMAGE) == "<b>&lt;img src=\"/etc/hostname\"/&gt;</b>"
    assert markup(None) == "" and markup(12) == "12"


@pytest.mark.parametrize("scope", list(AreaScope))
def test_progress_letters_show_hostile_names(db, hostile, tmp_path: Path,
                                             scope: AreaScope) -> None:
    target = tmp_path / f"{scope.value}.pdf"
    with db.session() as session:
        contents = area_letters(session, get_profile(session), scope)
        issue_letters(session, contents, target, "sari", day=DAY)
        render_draft(session, contents, DAY, tmp_path / "draf.pdf")
    text = text_of(target)
    expected = {AreaScope.KOTA: [FONT], AreaScope.KECAMATAN: [FONT, BOLD, AMP],
                AreaScope.KELURAHAN: [BOLD, AMP, IMAGE]}[scope]
    for name in [*expected, AMP, "Kepala <b>BPS &", "Banjar<u>masin"]:
        assert squeeze(name) in text, name
    assert has_no_images(target)
    assert squeeze(BOLD) in text_of(tmp_path / "draf.pdf") or scope is AreaScope.KOTA


def test_opd_letter_shows_hostile_names(db, hostile, tmp_path: Path) -> None:
    target = tmp_path / "opd.pdf"
    with db.session() as session:
        issue_letters(session, opd_letters(session, get_profile(session), DAY), target,
                      "sari", day=DAY)
    text = text_of(target)
    for name in (BOLD, AMP, IMAGE, FONT, OTHER, "Kepala <b>BPS &"):
        assert squeeze(name) in text, name
    assert squeeze(f"DAFTAR ASN {BOLD.upper()}") in text  # the Lampiran's title
    assert has_no_images(target)


@pytest.mark.parametrize("role", list(OfficerRole))
def test_surat_tugas_shows_hostile_names(db, hostile, tmp_path: Path,
                                         role: OfficerRole) -> None:
    with db.session() as session:
        officer = session.scalars(select(Officer.id).where(Officer.role == role)
                                  .order_by(Officer.id)).first()
        (issued,) = issue_surat_tugas(session, [officer], tmp_path, "sari", day=DAY)
    text = text_of(issued.path)
    name = {OfficerRole.PPL: AMP, OfficerRole.PML: OTHER, OfficerRole.KOSEKA: IMAGE}[role]
    for shown in (name, FONT, BOLD, AMP, "Kepala <b>BPS &"):
        assert squeeze(shown) in text, shown
    if role is OfficerRole.PPL:
        assert squeeze("PPL <i> Sensus Penduduk") in text and squeeze(IMAGE) in text
    assert has_no_images(issued.path)


def test_online_only_list_shows_hostile_names(db, hostile, tmp_path: Path) -> None:
    target = tmp_path / "hanya-online.pdf"
    with db.session() as session:
        listed = render_online_only(session, target)
    assert listed >= 4
    text = text_of(target)
    for name in HOSTILE[:4]:
        assert squeeze(name) in text, name
    assert has_no_images(target)


SAFE_CALLS = {"markup", "bold", "format_number", "len"}


def _safe_markup(node: ast.expr) -> bool:
    """A literal, the escape helper's result, or an f-string of literals and such results."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            getattr(node.func, "id", "")
        return name in SAFE_CALLS
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) or _safe_markup(part.value)
                   for part in node.values if not isinstance(part, ast.Constant)) \
            if all(isinstance(p, ast.Constant | ast.FormattedValue) for p in node.values) \
            else False
    if isinstance(node, ast.IfExp):
        return _safe_markup(node.body) and _safe_markup(node.orelse)
    return False


def _rows_values(node: ast.expr, scope: ast.AST) -> list[ast.expr]:
    """The values of label_rows([...]) or of a list variable built in the same function."""
    if isinstance(node, ast.List):
        return [item.elts[1] for item in node.elts if isinstance(item, ast.Tuple)]
    assert isinstance(node, ast.Name), ast.dump(node)
    values: list[ast.expr] = []
    for inner in ast.walk(scope):
        if isinstance(inner, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in inner.targets):
            values += _rows_values(inner.value, scope)
        if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                and inner.func.attr == "append" and isinstance(inner.func.value, ast.Name)
                and inner.func.value.id == node.id):
            values += [a.elts[1] for a in inner.args if isinstance(a, ast.Tuple)]
    return values


def test_every_paragraph_in_models_gets_escaped_text() -> None:
    """Paragraph parses markup: what reaches it is a literal or passed through markup()."""
    checked = 0
    for path in sorted((ROOT / "models").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_blocks = path.relative_to(ROOT).as_posix() == "models/letters/pdf/blocks.py"
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            if in_blocks and function.name == "label_rows":
                continue  # takes markup: its callers are checked below
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                    getattr(node.func, "id", "")
                if name == "Paragraph":
                    values = node.args[:1]
                elif name == "label_rows" and not in_blocks:
                    values = _rows_values(node.args[0], function)
                else:
                    continue
                for value in values:
                    checked += 1
                    assert _safe_markup(value), f"{path.name}:{value.lineno}: " \
                                                f"{ast.unparse(value)} is not escaped"
    assert checked > 20
