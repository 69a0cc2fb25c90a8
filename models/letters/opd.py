"""ASN compliance letters: to each OPD head, with the names not yet filled as a Lampiran."""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from models.asn.compliance import AgencyCompliance, AsnLine, compliance, employees
from models.audit.nik_disclosure import masked_number
from models.formatting import format_date, format_number, format_percent
from models.ids.nip import format_nip
from models.letters.layout import LetterContent, LetterContentError
from models.letters.pdf import blocks as letter_pdf
from models.letters.pdf.rows import Col, RowTable
from models.letters.pdf.text import PlainParagraph
from models.letters.progress import CENSUS
from models.office.profile import ProfileData
from models.schema.asn import Agency
from models.schema.letters import LetterKind


def attachment_table(lines: list[AsnLine]) -> RowTable:
    columns = [Col("No.", 12 * mm, "center"), Col("Nama"), Col("NIP", 40 * mm),
               Col("NIK", 33 * mm), Col("Unit kerja", 42 * mm)]
    rows = [[format_number(n), line.name, format_nip(line.nip), masked_number(line.nik), line.unit]
            for n, line in enumerate(lines, start=1)]
    return RowTable(columns, rows)


def opd_letter(session: Session, agency: AgencyCompliance, ranked: int, profile: ProfileData,
               *, day: date) -> LetterContent:
    """The letter to one OPD head; `ranked` is how many OPD the ranking holds."""
    style = letter_pdf.styles()
    waiting = employees(session, agency.agency_id, only_not_filled=True)
    stored = session.get(Agency, agency.agency_id)
    place = (stored.address if stored and stored.address else profile.city) or "Tempat"
    body: list[Flowable] = [
        PlainParagraph(
            f"Sehubungan dengan pelaksanaan {CENSUS} Online, setiap Aparatur Sipil Negara (ASN) "
            "wajib mengisi data dirinya beserta anggota keluarganya secara mandiri. Sampai "
            f"dengan tanggal {format_date(day)}, dari {format_number(agency.employees)} ASN di "
            f"lingkungan {agency.name}, sebanyak {format_number(agency.filled)} orang "
            f"({format_percent(agency.pct)}) telah mengisi. Capaian ini menempatkan "
            f"{agency.name} pada peringkat {agency.rank} dari {ranked} organisasi perangkat "
            "daerah (OPD).", style["justify"]),
        Spacer(1, 3 * mm),
    ]
    if waiting:
        body.append(PlainParagraph(
            f"Daftar {format_number(len(waiting))} ASN yang belum mengisi kami sampaikan "
            "terlampir. Kami mohon bantuan Bapak/Ibu untuk mengingatkan mereka agar segera "
            f"mengisi {CENSUS} Online. Apabila seorang ASN telah mengisi dengan NIK yang "
            "berbeda dari daftar, mohon NIK yang benar diberitahukan kepada kami.",
            style["justify"]))
    else:
        body.append(PlainParagraph(
            f"Seluruh ASN di lingkungan {agency.name} telah mengisi. Kami menyampaikan "
            "terima kasih dan penghargaan atas dukungan Bapak/Ibu.", style["justify"]))
    body += [Spacer(1, 3 * mm), PlainParagraph(
        "Atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan terima kasih.",
        style["justify"])]
    content = LetterContent(
        LetterKind.ASN_OPD, f"Kepatuhan ASN dalam {CENSUS} Online", agency.head_title, place,
        body, file_stem=f"ASN {agency.name}",
        tembusan=[f"Kepala BPS Provinsi {profile.province_name}".strip(),
                  f"Sekretaris Daerah {profile.region_name}".strip()])
    if waiting:
        content.attachment = [attachment_table(waiting)]
        content.attachment_label = "1 (satu) berkas"
        content.attachment_title = (f"DAFTAR ASN {agency.name.upper()} YANG BELUM MENGISI "
                                    f"{CENSUS.upper()} ONLINE")
    return content


def opd_letters(session: Session, profile: ProfileData, day: date,
                codes: list[str] | None = None) -> list[LetterContent]:
    """One letter per OPD with an ASN list (all, or those with the given codes)."""
    ranking = compliance(session)
    chosen = [a for a in ranking if not codes or a.code in codes]
    if codes:
        unknown = sorted(set(codes) - {a.code for a in chosen})
        if unknown:
            raise LetterContentError(f"OPD dengan kode {', '.join(unknown)} tidak ada atau belum "
                                     "mempunyai daftar ASN.")
    return [opd_letter(session, agency, len(ranking), profile, day=day) for agency in chosen]
