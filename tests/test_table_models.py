"""Table models on their own: display text, numeric sorting, highlighting, lazy tree."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from desktop.areas.tree import AreaTreeModel
from desktop.officers.table import OfficerFilterProxy, OfficerTableModel
from desktop.progress.table import ProgressFocus, ProgressTableModel
from desktop.table_model import GOOD, SORT_ROLE, WARN
from models.areas.queries import AreaLevel, AreaRow
from models.officers.queries import OfficerRow
from models.progress.summary import ProgressLevel, ProgressRow
from models.schema.officers import OfficerRole, OfficerStatus


def officer(name: str, role: OfficerRole, households: int,
            status: OfficerStatus = OfficerStatus.AKTIF) -> OfficerRow:
    return OfficerRow(1, "6371040101900001", name, role, "0811", status, "Utara", "040-001",
                      4, households)


def test_officer_roles_show_the_office_labels_and_numbers_sort_as_numbers(qapp) -> None:  # type: ignore[no-untyped-def]
    model = OfficerTableModel()
    model.labels = {OfficerRole.PPL: "PCL", OfficerRole.PML: "Koordinator Tim",
                    OfficerRole.KOSEKA: "Koseka"}
    model.set_rows([officer("A", OfficerRole.PPL, 1200), officer("B", OfficerRole.PML, 95),
                    officer("C", OfficerRole.PPL, 300)])
    assert model.data(model.index(1, model.COL_ROLE)) == "Koordinator Tim"
    assert model.data(model.index(0, model.COL_HOUSEHOLDS)) == "1.200"
    assert model.data(model.index(0, model.COL_HOUSEHOLDS),
                      Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(model.COL_HOUSEHOLDS, Qt.SortOrder.AscendingOrder)
    # As text "1.200" < "300" < "95"; as numbers 95 < 300 < 1200.
    assert [proxy.index(r, model.COL_NAME).data() for r in range(3)] == ["B", "C", "A"]


def test_overloaded_and_retired_officers_are_highlighted(qapp) -> None:  # type: ignore[no-untyped-def]
    model = OfficerTableModel()
    model.capacity_households = 600
    model.set_rows([officer("ok", OfficerRole.PPL, 600), officer("over", OfficerRole.PPL, 601),
                    officer("out", OfficerRole.PPL, 10, OfficerStatus.NONAKTIF)])
    colours = [model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole) for r in range(3)]
    assert colours == [None, WARN, WARN]


def test_role_filter_combines_with_text(qapp) -> None:  # type: ignore[no-untyped-def]
    model = OfficerTableModel()
    model.set_rows([officer("Siti", OfficerRole.PPL, 1), officer("Siti", OfficerRole.PML, 1),
                    officer("Budi", OfficerRole.PPL, 1)])
    proxy = OfficerFilterProxy()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.set_role(OfficerRole.PPL)
    assert proxy.rowCount() == 2
    proxy.setFilterFixedString("siti")
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    assert proxy.rowCount() == 1


def test_progress_rows_are_green_on_target_and_red_below(qapp) -> None:  # type: ignore[no-untyped-def]
    def row(online: int) -> ProgressRow:
        return ProgressRow(1, "6371040", "Utara", Decimal("20"), Decimal("100"), 4, 300, 1000,
                           50, online, 20, online - 30)

    model = ProgressTableModel()
    model.set_level(ProgressLevel.KECAMATAN, ProgressFocus.ONLINE)
    model.set_rows([row(250), row(150)])
    assert model.data(model.index(0, model.column_named("Online"))) == "25,0 %"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is GOOD
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is WARN
    assert model.data(model.index(0, model.column_named("7 hari"))) == "+30"
    short = model.column_named("Kurang")
    assert model.data(model.index(1, short)) == "50"  # 200 needed, 150 filled
    assert "Ruta dicacah" not in [c.title for c in model.columns]  # the other view's
    model.set_level(ProgressLevel.PPL)  # officers by masked NIK
    model.set_rows([ProgressRow(2, "6371040101900001", "Ahmad", Decimal("20"), Decimal("100"))])
    assert model.data(model.index(0, model.COL_CODE)) == "6371**********01"
    assert model.headerData(model.COL_NAME, Qt.Orientation.Horizontal) == "PPL"


def test_area_tree_asks_for_children_only_when_a_branch_is_opened(qapp) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def load(parent: AreaRow, deliver) -> None:  # type: ignore[no-untyped-def]
        asked.append(parent.name)
        deliver([AreaRow(10, AreaLevel.KELURAHAN, "6371040001", "6371041001", "Alalak Selatan",
                         2, 2, 200, 700)])

    model = AreaTreeModel(load)
    model.set_top_level([AreaRow(1, AreaLevel.KECAMATAN, "6371040", "637104",
                                 "Banjarmasin Utara", 1, 2, 200, 700)])
    top = model.index(0, 0, QModelIndex())
    assert model.hasChildren(top) and asked == []
    model.fetchMore(top)
    assert asked == ["Banjarmasin Utara"] and model.rowCount(top) == 1
    child = model.index(0, 0, top)
    assert model.parent(child) == top
    assert model.data(model.index(0, model.COL_KEMENDAGRI, top)) == "63.71.04.1001"
    model.fetchMore(top)  # already loaded: not asked again
    assert asked == ["Banjarmasin Utara"]


def test_progress_rows_show_the_schedule_and_are_coloured_by_it(qapp) -> None:  # type: ignore[no-untyped-def]
    """With a calendar, the row colour follows the status, not the final target: 40 % done
    against 60 % planned is behind even though no target is reached yet."""
    from datetime import date

    from desktop.table_model import FAR, SORT_ROLE
    from models.schedule.forecast import STALLED, Forecast
    from models.schedule.standing import ScheduleStatus

    def row(status: ScheduleStatus, forecast: Forecast | None) -> ProgressRow:
        made = ProgressRow(1, "6371040", "Utara", Decimal("20"), Decimal("100"), 4, 300, 1000,
                           120, 0, 100, 0)
        made.expected_households_today = 180
        made.field_status, made.field_forecast = status, forecast
        return made

    late = Forecast(date(2020, 10, 3), date(2020, 9, 28), None, finishes_in_window=False,
                    stalled=False)
    on_time = Forecast(date(2020, 9, 20), date(2020, 9, 18), date(2020, 9, 25),
                       finishes_in_window=True, stalled=False)
    model = ProgressTableModel()
    model.set_level(ProgressLevel.KECAMATAN, ProgressFocus.FIELD)
    model.set_rows([row(ScheduleStatus.JAUH_TERTINGGAL, late),
                    row(ScheduleStatus.TERTINGGAL, STALLED),
                    row(ScheduleStatus.SESUAI, on_time),
                    row(ScheduleStatus.TIDAK_DIJADWALKAN, None)])
    status, finish = model.column_named("Status"), model.column_named("Perkiraan selesai")
    background = [model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole)
                  for r in range(4)]
    assert background == [FAR, WARN, GOOD, WARN]  # unscheduled: 40 % of a 100 % target
    assert model.data(model.index(0, status)) == "Jauh tertinggal"
    assert model.data(model.index(0, finish)) == "3 Okt 2020 (terlambat)"
    assert model.data(model.index(1, finish)) == "tidak bergerak"
    assert model.data(model.index(2, finish)) == "20 Sep 2020"
    assert "18 Sep 2020" in model.data(model.index(2, finish), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(3, status)) == ""
    assert model.data(model.index(0, model.column_named("Seharusnya"))) == "180"
    keys = [model.data(model.index(r, status), SORT_ROLE) for r in range(3)]
    assert keys == sorted(keys)  # worst first when sorted by status
