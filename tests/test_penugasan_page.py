"""The Penugasan page driven as a supervisor would: select, assign, undo, redo, drag."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from sqlalchemy import select

from desktop.assignment.autobalance_dialog import AutoBalanceDialog
from desktop.assignment.history_dialog import HistoryDialog
from desktop.assignment.page import PenugasanPage
from models.assignment.assign import assign, sls_versions
from models.schema.letters import Letter
from models.schema.office import OfficeProfile
from tests.builders import SmallCity, set_office_codes
from tests.conftest import FakeDialogs, make_window, wait_idle
from tests.schedule_helpers import set_field_window


@pytest.fixture
def city_window(qtbot, db, settings_file: Path, dialogs: FakeDialogs):  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session)
        set_office_codes(session)
        profile = session.scalars(select(OfficeProfile)).one()
        profile.ppl_capacity_households = 250
        session.commit()
        set_field_window(session)  # a numbered Surat Tugas names its period
    window = make_window(qtbot, db, settings_file, dialogs)
    page: PenugasanPage = window.show_page("penugasan")  # type: ignore[assignment]
    wait_idle(qtbot)
    return window, page, city


def _select_sls(page: PenugasanPage, *rows: tuple[int, int]) -> None:
    """Select SLS by (kelurahan row, SLS row), as Ctrl+click would."""
    page.tree.clearSelection()
    selection = page.tree.selectionModel()
    for kel, sls in rows:
        parent = page.tree_model.index(kel, 0)
        page.tree.expand(parent)
        selection.select(page.tree_model.index(sls, 0, parent),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def _choose_ppl(page: PenugasanPage, name: str) -> None:
    page.ppl_search.clear()
    row = next(r for r in range(page.ppl_model.rowCount())
               if page.ppl_model.row_at(r).name == name)
    page.select_ppl(page.ppl_model.row_at(row).officer_id)


def test_select_assign_undo_redo(qtbot, city_window, db) -> None:  # type: ignore[no-untyped-def]
    window, page, city = city_window
    assert page.tree_model.rowCount() == 2
    assert "5 belum ditugaskan" in page.counts.text()
    _select_sls(page, (0, 0), (0, 1))
    _choose_ppl(page, "Ahmad")
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == dict.fromkeys(city.sls_ids[:2], city.ppl_ids[0])
    assert "3 belum ditugaskan" in page.counts.text()
    ahmad = page.ppl_model.row_at(page.ppl_model.row_of(city.ppl_ids[0]))
    assert (ahmad.sls, ahmad.households) == (2, 220)

    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == {}
    assert "5 belum ditugaskan" in page.counts.text()

    qtbot.keyClick(page.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == dict.fromkeys(city.sls_ids[:2], city.ppl_ids[0])
    assert page.undo_action.isEnabled() and not page.redo_action.isEnabled()


def test_kelurahan_selection_and_unassign_with_delete(qtbot, city_window, db) -> None:  # type: ignore[no-untyped-def]
    window, page, city = city_window
    page.tree.selectionModel().select(page.tree_model.index(1, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
    _choose_ppl(page, "Budi")
    page.assign_selected()
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == dict.fromkeys(city.sls_ids[3:], city.ppl_ids[1])
    _select_sls(page, (1, 0))
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == {city.sls_ids[4]: city.ppl_ids[1]}


def test_drag_sls_onto_a_ppl(qtbot, city_window, db) -> None:  # type: ignore[no-untyped-def]
    """What Qt does on a drop: the tree's mime data handed to the row under the cursor."""
    window, page, city = city_window
    _select_sls(page, (0, 2), (1, 1))
    dragged = page.tree_model.mimeData(page.tree.selectionModel().selectedRows())
    citra_row = page.ppl_proxy.mapFromSource(page.ppl_model.index(
        page.ppl_model.row_of(city.ppl_ids[2]), 0))
    proxy = page.ppl_proxy
    assert proxy.canDropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, citra_row)
    assert not proxy.canDropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    proxy.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, citra_row)
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == {city.sls_ids[2]: city.ppl_ids[2],
                                              city.sls_ids[4]: city.ppl_ids[2]}
    page.undo_stack.undo()
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == {}


def test_auto_balance_preview_accepted(qtbot, city_window, db, dialogs: FakeDialogs) -> None:  # type: ignore[no-untyped-def]
    window, page, city = city_window
    seen: list[AutoBalanceDialog] = []

    def accept(dialog) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(dialog, AutoBalanceDialog):
            seen.append(dialog)
            assert dialog.items_model.rowCount() == 5
            assert dialog.apply_button.isEnabled()
        return True

    dialogs.fill = accept
    page.auto_balance()
    qtbot.waitUntil(lambda: "0 belum ditugaskan" in page.counts.text(), timeout=10_000)
    assert seen
    with db.session() as session:
        current = SmallCity.current(session)
    assert set(current) == set(city.sls_ids)
    assert all(load.households <= 250 for load in page.ppl_model.rows())
    assert page.undo_action.isEnabled()
    page.undo_stack.undo()  # one Ctrl+Z takes back the whole proposal
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == {}


def test_auto_balance_rejected_writes_nothing(qtbot, city_window, db, dialogs: FakeDialogs) -> None:  # type: ignore[no-untyped-def]
    window, page, city = city_window
    dialogs.answer = False
    page.auto_balance()
    qtbot.waitUntil(lambda: any(isinstance(d, AutoBalanceDialog) for d in dialogs.shown),
                    timeout=10_000)
    with db.session() as session:
        assert SmallCity.current(session) == {}
    assert not page.undo_action.isEnabled()


def test_other_supervisor_wins_and_undo_is_refused(qtbot, city_window, db,  # type: ignore[no-untyped-def]
                                                   dialogs: FakeDialogs) -> None:
    window, page, city = city_window
    _select_sls(page, (0, 0))
    _choose_ppl(page, "Ahmad")
    page.assign_selected()
    wait_idle(qtbot)
    s1 = city.sls_ids[0]
    with db.session() as other:  # another PC moves the same SLS to Budi
        assign(other, {s1: city.ppl_ids[1]}, sls_versions(other, [s1]), "joko")
    page.undo_stack.undo()
    wait_idle(qtbot)
    assert dialogs.errors and "pengguna lain" in dialogs.errors[-1][1]
    with db.session() as session:
        assert SmallCity.current(session) == {s1: city.ppl_ids[1]}  # Joko's save kept
    assert page.undo_stack.count() == 0  # the refused step is dropped, not retried


def test_history_export_and_letters(qtbot, city_window, db, dialogs: FakeDialogs,  # type: ignore[no-untyped-def]
                                    tmp_path: Path) -> None:
    window, page, city = city_window
    _select_sls(page, (0, 0))
    _choose_ppl(page, "Ahmad")
    page.assign_selected()
    wait_idle(qtbot)
    _select_sls(page, (0, 0))
    page.show_history()
    wait_idle(qtbot)
    history = dialogs.shown[-1]
    assert isinstance(history, HistoryDialog)
    assert history.model.rowCount() == 1 and history.model.row_at(0).officer == "Ahmad"

    dialogs.path = tmp_path / "penugasan"  # no suffix typed: .xlsx added
    page.export()
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10_000)
    assert (tmp_path / "penugasan.xlsx").exists()
    assert "5 SLS" in dialogs.infos[-1][1]

    dialogs.path = tmp_path / "surat"
    _choose_ppl(page, "Ahmad")
    page.surat_tugas()
    qtbot.waitUntil(lambda: "Surat Tugas" in dialogs.infos[-1][0], timeout=10_000)
    assert len(list((tmp_path / "surat").glob("*.pdf"))) == 1
    with db.session() as session:
        letter = session.scalars(select(Letter)).one()
        assert letter.number == f"B-001/63710/SS.300/{letter.letter_date:%m/%Y}"
        assert letter.recipient == "Ahmad"


def test_change_koseka_and_undo(qtbot, city_window, db) -> None:  # type: ignore[no-untyped-def]
    from models.assignment.koseka import koseka_of
    from models.officers.edit import OfficerData, add_officer
    from models.schema.officers import OfficerRole
    from tests.builders import nik

    window, page, city = city_window
    with db.session() as session:
        rahmah = add_officer(session, OfficerData(nik(90), "Rahmah", OfficerRole.KOSEKA))
    page.refresh()
    wait_idle(qtbot)
    assert page.koseka.currentText() == "(belum ada)" and page.koseka.isEnabled()
    page.koseka.setCurrentIndex(page.koseka.findText("Rahmah"))
    page.koseka.activated.emit(page.koseka.currentIndex())  # what choosing with the mouse sends
    wait_idle(qtbot)
    with db.session() as session:
        assert koseka_of(session, city.kec.id) == rahmah
    page.undo_stack.undo()
    wait_idle(qtbot)
    with db.session() as session:
        assert koseka_of(session, city.kec.id) is None
    assert page.koseka.currentText() == "(belum ada)"


def test_undo_pressed_while_the_assignment_is_saving_undoes_it(qtbot, city_window, db) -> None:  # type: ignore[no-untyped-def]
    """The writes run in the background one after another: Ctrl+Z right after Tugaskan waits
    for that save and then takes it back; the stack only moves once a write is saved."""
    window, page, city = city_window
    _select_sls(page, (0, 0))
    _choose_ppl(page, "Ahmad")
    page.assign_selected()
    assert page.undo_stack.count() == 0 and page.undo_stack.busy  # not saved yet
    page.undo_stack.undo()
    wait_idle(qtbot)
    assert (page.undo_stack.count(), page.undo_stack.index()) == (1, 0)
    with db.session() as session:
        assert SmallCity.current(session) == {}
    assert page.redo_action.isEnabled() and not page.undo_action.isEnabled()
