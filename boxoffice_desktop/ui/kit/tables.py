"""Tables over service results: a ``QAbstractTableModel`` over a list of frozen records (the services'
result dataclasses), one :class:`Column` per column, with a sort role of plain values for
``QSortFilterProxyModel``; a read-only table view of whole rows; finding and selecting rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from boxoffice_desktop.ui.theme import colour as theme_colour

ModelIndex = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column:
    """One column: ``value(record)`` is what it shows (``text`` formats it), ``sort`` a plain sort key
    (str, int or float; the same type for every row), ``tip`` a tooltip."""

    title: str
    value: Callable[[Any], Any]
    text: Callable[[Any], str] | None = None
    align: Qt.AlignmentFlag = LEFT
    sort: Callable[[Any], str | int | float] | None = None
    tip: Callable[[Any], str | None] | None = None
    width: int = 0  # the initial width in pixels; 0: fit the contents
    colour: Callable[[Any], str | None] | None = None  # the text colour of this cell


class RecordTableModel(QAbstractTableModel):
    """Rows are frozen records; ``highlight(record)`` may give a row a kind (``"alert"``, ``"muted"``,
    ``"soft"``) that colours it."""

    HIGHLIGHTS: dict[str, tuple[str | None, str | None]] = {  # (fill, ink): names of the theme's colours
        "alert": ("row_alert_fill", "row_alert_ink"),
        "muted": (None, "row_muted_ink"),
        "soft": ("row_soft_fill", None),
    }

    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        *,
        highlight: Callable[[Any], str | None] | None = None,
        bold: Callable[[Any, int], bool] | None = None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self._highlight = highlight
        self._bold = bold
        self._bold_font = QFont()
        self._bold_font.setBold(True)

    # data in ---------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def replace_row(self, predicate: Callable[[Any], bool], record: Any) -> bool:
        for i, old in enumerate(self._rows):
            if predicate(old):
                self._rows[i] = record
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
                return True
        return False

    def refresh(self) -> None:
        """Every cell may read differently now (a currency learnt later): repaint, keep the rows."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def rows(self) -> list[Any]:
        return list(self._rows)

    def record(self, row: int) -> Any:
        return self._rows[row]

    # the model -------------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or index.column() >= len(self.columns):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(record)
            if column.text is not None:
                return column.text(value)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            if column.sort is not None:
                return column.sort(record)
            value = column.value(record)
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, int | float):
                return value
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, datetime):
                return value.timestamp()
            return "" if value is None else str(value).lower()
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip(record) if column.tip is not None else None
        kind = self._highlight(record) if self._highlight is not None else None
        if role == Qt.ItemDataRole.BackgroundRole and kind in self.HIGHLIGHTS:
            background = self.HIGHLIGHTS[kind][0]
            return QBrush(theme_colour(background)) if background else None
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(record)
            if colour:
                return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.ForegroundRole and kind in self.HIGHLIGHTS:
            foreground = self.HIGHLIGHTS[kind][1]
            return QBrush(theme_colour(foreground)) if foreground else None
        if role == Qt.ItemDataRole.FontRole and self._bold is not None and self._bold(record, index.column()):
            return self._bold_font
        return None

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.columns[section].align)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def sorted_proxy(model: QAbstractTableModel, parent: Any = None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy


def make_table(
    proxy: QSortFilterProxyModel, columns: Sequence[Column], *, object_name: str, sortable: bool = True
) -> QTableView:
    """A read-only table of whole rows, sortable by a click on a header (unless not ``sortable``: then the
    rows stay in the model's order)."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(proxy)
    table.setSortingEnabled(sortable)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(False)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(34)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(LEFT)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, column in enumerate(columns):
        if column.width:
            table.setColumnWidth(i, column.width)
    return table


def selected_record(table: QTableView) -> Any:
    rows = table.selectionModel().selectedRows() if table.selectionModel() is not None else []
    return rows[0].data(RECORD_ROLE) if rows else None


def select_where(table: QTableView, predicate: Callable[[Any], bool]) -> bool:
    """Select (and show) the first row whose record matches."""
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if predicate(index.data(RECORD_ROLE)):
            table.selectRow(row)
            table.scrollTo(index)
            return True
    return False
