"""What the Seatmaps, Orders, Reports and Settings areas share.

- :class:`RecordTableModel`: a ``QAbstractTableModel`` over a list of frozen records (the services' result
  dataclasses), one :class:`Column` per column, with a sort role of plain values for
  ``QSortFilterProxyModel``.
- Formats of money and times as the counter shows them.
- Non-blocking dialogs: every dialog is opened with ``open()`` (never ``exec()``), kept on an attribute of
  its page while it is up, and answers through a callback — the UI thread never sits in a nested event loop,
  and tests reach the very dialog a person sees and click its buttons.
- The areas' stylesheet (``resources/themes/areas.qss``), filled with the tenant's accent like the main one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.ui.theme import Branding, repolish, stylesheet

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter

CURRENCY_SIGNS = {"RUB": "₽", "EUR": "€", "USD": "$"}


# --- formats -------------------------------------------------------------------------------------------
def money(amount: Decimal | int | float | None, currency: str = "RUB") -> str:
    """``3 500.00 ₽``: a narrow space between thousands, always two decimals."""
    if amount is None:
        return "—"
    text = f"{Decimal(amount):,.2f}".replace(",", "\u202f")
    return f"{text} {CURRENCY_SIGNS.get(currency, currency)}"


def local(dt: datetime) -> datetime:
    return dt.astimezone() if dt.tzinfo is not None else dt


def day_and_time(dt: datetime | None, *, today: date | None = None) -> str:
    """``Today 14:05``, ``Wed 25 Nov 14:05``, ``25 Nov 2024 14:05``."""
    if dt is None:
        return "—"
    d = local(dt)
    now = datetime.now().astimezone()
    today = today or now.date()
    if d.date() == today:
        return f"Today {d:%H:%M}"
    if abs((d.date() - today).days) < 180:
        return f"{d:%a} {d.day} {d:%b} {d:%H:%M}"
    return f"{d.day} {d:%b} {d.year} {d:%H:%M}"


def long_when(dt: datetime | None) -> str:
    if dt is None:
        return "—"
    d = local(dt)
    return f"{d:%A} {d.day} {d:%B} {d.year}, {d:%H:%M}"


def timestamp(dt: datetime | None) -> float:
    return dt.timestamp() if dt is not None else 0.0


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


# --- the table model -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column: ``value(record)`` is what it shows (``text`` formats it), ``sort`` a plain sort key
    (str, int or float; the same type for every row), ``tip`` a tooltip."""

    title: str
    value: Callable[[Any], Any]
    text: Callable[[Any], str] | None = None
    align: Qt.AlignmentFlag = LEFT
    sort: Callable[[Any], str | int | float] | None = None
    tip: Callable[[Any], str] | None = None
    width: int = 0  # the initial width in pixels; 0: fit the contents
    colour: Callable[[Any], str | None] | None = None  # the text colour of this cell


class RecordTableModel(QAbstractTableModel):
    """Rows are frozen records; ``highlight(record)`` may give a row a kind (``"alert"``, ``"muted"``,
    ``"soft"``) that colours it."""

    HIGHLIGHTS = {
        "alert": ("#fdecea", "#8c1d18"),
        "muted": (None, "#8a939c"),
        "soft": ("#f6f8fa", None),
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
            return QBrush(QColor(background)) if background else None
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(record)
            if colour:
                return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.ForegroundRole and kind in self.HIGHLIGHTS:
            foreground = self.HIGHLIGHTS[kind][1]
            return QBrush(QColor(foreground)) if foreground else None
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


# --- small widgets -------------------------------------------------------------------------------------
def fill_event_filter(combo: QComboBox, events: Sequence[Any], *, keep_current: bool = False) -> None:
    """The events, soonest first, after the combo's first item ("All events"), without a signal; with
    ``keep_current``, the event chosen before stays chosen (else "All events")."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for ev in sorted(events, key=lambda e: (e.starts_at, e.id)):
        combo.addItem(f"{ev.name} — {day_and_time(ev.starts_at)}", ev.id)
    if keep_current:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class Pill(QLabel):
    """A small rounded status chip: ``kind`` picks its colours in the stylesheet."""

    def __init__(self, text: str = "", kind: str = "neutral", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setObjectName("Pill")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set(text, kind)

    def set(self, text: str, kind: str = "neutral") -> None:
        self.setText(text)
        self.setProperty("kind", kind)
        self.setVisible(bool(text))
        repolish(self)


class AreaHeader(QFrame):
    """The white band at the top of an area: a title, a line under it, actions on the right."""

    def __init__(self, title: str, lead: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AreaHeader")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 14, 24, 14)
        row.setSpacing(10)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("AreaHeading")
        words.addWidget(self.title)
        self.lead = QLabel(lead)
        self.lead.setObjectName("AreaLead")
        self.lead.setVisible(bool(lead))
        words.addWidget(self.lead)
        row.addLayout(words)
        row.addStretch(1)
        self.actions = row

    def add(self, widget: QWidget) -> QWidget:
        self.actions.addWidget(widget)
        return widget


def button(text: str, *, primary: bool = False, flat: bool = False, tip: str = "", name: str = "") -> QPushButton:
    b = QPushButton(text)
    if primary:
        b.setProperty("primary", True)
    if flat:
        b.setProperty("flat", True)
    if tip:
        b.setToolTip(tip)
    if name:
        b.setObjectName(name)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    return b


def allow(widget: QWidget, allowed: bool, why_not: str) -> None:
    """Enable a control, or disable it with a tooltip that says why (the service refuses anyway)."""
    widget.setEnabled(allowed)
    if not allowed:
        widget.setToolTip(why_not)


def area_stylesheet(branding: Branding | None) -> str:
    try:
        return stylesheet(branding, name="areas")
    except (FileNotFoundError, KeyError):  # pragma: no cover - the file ships with the package
        log.warning("the areas' stylesheet is missing")
        return ""


# --- non-blocking dialogs ------------------------------------------------------------------------------
def ask(
    parent: QWidget,
    title: str,
    text: str,
    informative: str,
    choices: Sequence[tuple[str, str, QMessageBox.ButtonRole]],
    on_choice: Callable[[str], None],
    *,
    default: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """A window-modal question with buttons ``(key, text, role)``; ``on_choice(key)`` when one is clicked
    (Esc: the key of the reject-role button, if any)."""
    box = QMessageBox(parent)
    box.setObjectName("AreaQuestion")
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    keys: dict[QPushButton, str] = {}
    for key, caption, role in choices:
        b = box.addButton(caption, role)
        b.setObjectName(f"choice-{key}")
        keys[b] = key
        if key == default:
            box.setDefaultButton(b)
            if role not in (QMessageBox.ButtonRole.RejectRole, QMessageBox.ButtonRole.DestructiveRole):
                b.setProperty("primary", True)
        if role == QMessageBox.ButtonRole.RejectRole:
            box.setEscapeButton(b)

    def clicked(b: Any) -> None:
        key = keys.get(b)
        if key is not None:
            on_choice(key)

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def choice_button(box: QMessageBox, key: str) -> QPushButton:
    """The button of ``key`` in a box made by :func:`ask` (for tests and shortcuts)."""
    found = box.findChild(QPushButton, f"choice-{key}")
    if found is None:
        raise LookupError(key)
    return found


def file_dialog(
    parent: QWidget,
    caption: str,
    on_chosen: Callable[[str], None],
    *,
    save: bool,
    filters: Sequence[str],
    directory: str = "",
    suffix: str = "",
    name: str = "",
) -> QFileDialog:
    """A window-modal file dialog (the platform's own where there is one); ``on_chosen(path)`` once."""
    dialog = QFileDialog(parent, caption, directory)
    dialog.setObjectName("AreaFileDialog")
    dialog.setNameFilters(list(filters))
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suffix:
            dialog.setDefaultSuffix(suffix)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if name:
        dialog.selectFile(name)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.fileSelected.connect(lambda path: on_chosen(path) if path else None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
