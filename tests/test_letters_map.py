"""The city, kecamatan and kelurahan letters carry a map of their areas, drawn as vectors."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from models.letters.issue import render_draft
from models.letters.progress import AreaScope
from models.letters.requests import LetterRequest, compose
from models.maps.importing import import_boundaries
from models.schema.maps import BoundaryLevel
from tests.builders import SmallCity, set_office_codes
from tests.map_files import square, write_geojson

DAY = date(2020, 9, 30)


def _letter(session, scope: AreaScope, target: Path) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    render_draft(session, compose(session, LetterRequest(scope.value, None, DAY)), DAY, target)
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    return text, target.read_bytes()


def test_letters_map_their_kelurahan_and_sls_once_boundaries_exist(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        set_office_codes(session)
        text, _ = _letter(session, AreaScope.KECAMATAN, tmp_path / "tanpa.pdf")
        assert "Peta progres lapangan" not in text  # no boundaries yet: no map
        write_geojson(tmp_path / "kec.geojson",
                      [({"IDKEC": city.kec.bps_code}, square(0, 0, 0.02))])
        write_geojson(tmp_path / "desa.geojson", [
            ({"IDDESA": k.bps_code}, square(i, 0, 0.01))
            for i, k in enumerate([city.kel_a, city.kel_b])])
        write_geojson(tmp_path / "sls.geojson", [
            ({"IDSLS": s.bps_code}, square(i, 0)) for i, s in enumerate(city.sls)])
        import_boundaries(session, tmp_path / "kec.geojson", level=BoundaryLevel.KECAMATAN)
        import_boundaries(session, tmp_path / "desa.geojson", level=BoundaryLevel.KELURAHAN)
        import_boundaries(session, tmp_path / "sls.geojson", level=BoundaryLevel.SLS)
        text, pdf = _letter(session, AreaScope.KECAMATAN, tmp_path / "kecamatan.pdf")
        assert "Peta progres lapangan per Kelurahan/Desa terhadap rencana" in text
        assert "Alalak Utara" in text and "Alalak Tengah" in text
        assert b"/Subtype /Image" not in pdf  # vectors, not a picture
        text, _ = _letter(session, AreaScope.KOTA, tmp_path / "kota.pdf")
        assert "Peta progres lapangan per kecamatan terhadap rencana" in text.replace(
            "Kecamatan", "kecamatan")
        text, _ = _letter(session, AreaScope.KELURAHAN, tmp_path / "kelurahan.pdf")
        assert "Peta progres lapangan per SLS terhadap rencana" in text
        assert "(buatan)" not in text  # real boundaries: no made-up note
