"""Reports saved under a name by the signed-in user: save (replacing by name), list, delete.

The spec is stored as JSON and read back defensively: a row edited by hand or written by
another version gives an Indonesian reason instead of a crash, and the list still shows it
(so it can be deleted).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.access import actor_of
from models.analysis.pivot import validate
from models.analysis.spec import Dimension, Key, PivotMeasure, PivotSpec
from models.errors import FieldProblem, KendaliError, ValidationError
from models.schema.analysis import SavedReport
from models.schema.base import utcnow

log = logging.getLogger(__name__)

FORMAT = 1  # the JSON layout written; a later app may read older ones
NAME_LENGTH = 100
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SavedReportError(KendaliError):
    """A saved report that cannot be opened or changed; nothing was changed."""


@dataclass(frozen=True)
class SavedReportRow:
    id: int
    name: str
    updated_at: datetime
    spec: PivotSpec | None  # None: the stored spec cannot be read, `problem` says why
    problem: str = ""


def spec_to_json(spec: PivotSpec) -> str:
    filters = {dimension.value: sorted(values, key=lambda v: (v is None, str(v)))
               for dimension, values in sorted(spec.filters.items(), key=lambda i: i[0].value)}
    return json.dumps({"format": FORMAT, "rows": [d.value for d in spec.rows],
                       "columns": [d.value for d in spec.columns],
                       "measure": spec.measure.value, "filters": filters},
                      ensure_ascii=False, sort_keys=True)


def _dimensions(value: Any, what: str) -> tuple[Dimension, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"daftar dimensi {what} tidak terbaca")
    try:
        return tuple(Dimension(v) for v in value)
    except ValueError:
        raise ValueError(f"dimensi {what} tidak dikenal: {', '.join(value)}") from None


def _key(value: Any) -> Key:
    if value is None or (isinstance(value, (int, str)) and not isinstance(value, bool)):
        return value
    raise ValueError("nilai filter tidak terbaca")


def spec_from_json(text: str) -> PivotSpec:
    """The spec written by spec_to_json; SavedReportError (Indonesian) for anything else."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("isinya bukan susunan laporan")
        if data.get("format") != FORMAT:
            raise ValueError("dibuat oleh versi Kendali Sensus yang lain")
        filters = data.get("filters", {})
        if not isinstance(filters, dict):
            raise ValueError("filter tidak terbaca")
        chosen: dict[Dimension, frozenset[Key]] = {}
        for name, values in filters.items():
            (dimension,) = _dimensions([name], "filter")
            if not isinstance(values, list):
                raise ValueError("nilai filter tidak terbaca")
            chosen[dimension] = frozenset(_key(v) for v in values)
        measure = data.get("measure")
        if not isinstance(measure, str):
            raise ValueError("ukuran tidak terbaca")
        spec = PivotSpec(rows=_dimensions(data.get("rows"), "baris"),
                         columns=_dimensions(data.get("columns", []), "kolom"),
                         measure=PivotMeasure(measure), filters=chosen)
        validate(spec)
    except ValidationError as error:
        reasons = "; ".join(p.reason for p in error.problems)
        raise SavedReportError(f"Susunan laporan tersimpan tidak berlaku lagi: {reasons}") \
            from None
    except (ValueError, TypeError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise SavedReportError("Susunan laporan tersimpan rusak dan tidak dapat dibuka "
                               f"({error}). Hapus laporan ini lalu simpan ulang.",
                               f"{type(error).__name__}: {error}") from None
    return spec


def _clean_name(name: str) -> str:
    cleaned = " ".join(CONTROL.sub(" ", name).split())
    if not cleaned:
        raise ValidationError([FieldProblem("name", "Isi nama laporan.")])
    if len(cleaned) > NAME_LENGTH:
        raise ValidationError([FieldProblem(
            "name", f"Nama laporan paling panjang {NAME_LENGTH} karakter.")])
    return cleaned


def save_report(session: Session, name: str, spec: PivotSpec) -> int:
    """Save `spec` as the signed-in user's report `name` (the same name: replaced)."""
    username = actor_of(session).username
    validate(spec)
    cleaned = _clean_name(name)
    try:
        report = session.scalars(select(SavedReport).where(
            SavedReport.username == username, SavedReport.name == cleaned)).one_or_none()
        if report is None:
            report = SavedReport(username=username, name=cleaned, spec=spec_to_json(spec))
            session.add(report)
        else:
            report.spec = spec_to_json(spec)
            report.updated_at = utcnow()
        session.commit()
    except IntegrityError:
        session.rollback()
        raise SavedReportError(f"Laporan \u201c{cleaned}\u201d baru saja disimpan dari komputer "
                               "lain. Muat ulang daftar laporan lalu ulangi.") from None
    except BaseException:
        session.rollback()
        raise
    log.info("report %r saved by %s", cleaned, username)
    return report.id


def list_reports(session: Session) -> list[SavedReportRow]:
    """The signed-in user's reports by name; one whose spec cannot be read says why."""
    username = actor_of(session).username
    rows = []
    for report in session.scalars(select(SavedReport).where(SavedReport.username == username)
                                  .order_by(SavedReport.name, SavedReport.id)):
        try:
            rows.append(SavedReportRow(report.id, report.name, report.updated_at,
                                       spec_from_json(report.spec)))
        except SavedReportError as error:
            log.warning("saved report %s unreadable: %s", report.id, error.detail or error)
            rows.append(SavedReportRow(report.id, report.name, report.updated_at, None,
                                       error.message))
    return rows


def _own(session: Session, report_id: int) -> SavedReport:
    username = actor_of(session).username
    report = session.get(SavedReport, report_id)
    if report is None or report.username != username:  # another user's: as if not there
        raise SavedReportError("Laporan ini tidak ada lagi (mungkin sudah dihapus). Muat ulang "
                               "daftar laporan.")
    return report


def load_report(session: Session, report_id: int) -> PivotSpec:
    return spec_from_json(_own(session, report_id).spec)


def delete_report(session: Session, report_id: int) -> None:
    try:
        session.delete(_own(session, report_id))
        session.commit()
    except BaseException:
        session.rollback()
        raise
