"""Editing the master in the app: add, rename and split SLS, with stale edits refused."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models.areas.edit import AreaEditError, SlsPart, add_sls, rename_area, split_sls
from models.areas.queries import AreaLevel
from models.assignment.assign import assign, current_ppl, sls_versions
from models.errors import StaleEditError
from models.schema.areas import Sls
from tests.builders import SmallCity


def test_split_keeps_parent_as_history_and_passes_on_ppl(db) -> None:
    with db.session() as session:
        city = SmallCity(session)
        parent_id, ahmad = city.sls_ids[0], city.ppl_ids[0]
        assign(session, {parent_id: ahmad}, sls_versions(session, [parent_id]), "sari")
        version = sls_versions(session, [parent_id])[parent_id]
        children = split_sls(session, parent_id, [SlsPart("RT 001 A", 60), SlsPart("RT 001 B", 40)],
                             seen_version=version, by="sari")
        parent = session.get(Sls, parent_id)
        assert not parent.active
        codes = [session.get(Sls, c).bps_code for c in children]
        assert codes == ["6371040001000101", "6371040001000102"]
        assert current_ppl(session, [parent_id, *children]) == {
            parent_id: None, children[0]: ahmad, children[1]: ahmad}
        with pytest.raises(AreaEditError, match="sudah tidak aktif"):
            split_sls(session, parent_id, [SlsPart("x", 1), SlsPart("y", 1)],
                      seen_version=parent.version_id, by="sari")


def test_add_and_rename(db) -> None:
    with db.session() as session:
        city = SmallCity(session)
        new_id = add_sls(session, city.kel_b.id, "0003", "RT 003", households=75, population=300)
        assert session.get(Sls, new_id).bps_code == "6371040002000300"
        with pytest.raises(AreaEditError, match="sudah ada"):
            add_sls(session, city.kel_b.id, "0003", "RT 003 lagi", households=1)
        with pytest.raises(AreaEditError, match="4 angka"):
            add_sls(session, city.kel_b.id, "3", "RT 3", households=1)
        sls = session.get(Sls, new_id)
        rename_area(session, AreaLevel.SLS, new_id, "RT 003 Melati", seen_version=sls.version_id)
        assert session.scalar(select(Sls.name).where(Sls.id == new_id)) == "RT 003 Melati"


def test_rename_with_old_version_is_refused(db) -> None:
    with db.session() as session:
        city = SmallCity(session)
        sls = session.get(Sls, city.sls_ids[0])
        old = sls.version_id
        rename_area(session, AreaLevel.SLS, sls.id, "Nama Baru", seen_version=old)
        with pytest.raises(StaleEditError):
            rename_area(session, AreaLevel.SLS, sls.id, "Nama Lain", seen_version=old)
        assert session.scalar(select(Sls.name).where(Sls.id == sls.id)) == "Nama Baru"
