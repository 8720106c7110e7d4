"""The Seatmaps area's dialogs: a name for a new map, the event to move to a version, prices for the new
categories of a version, and the seats that make a move impossible. All open with ``open()``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QGuiApplication, QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.errors import RefusedSeat
from boxoffice_desktop.ui.kit.formats import day_and_time, plural
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.seatmaps.library import EventUse, VersionRow

PRICE_TYPES = (("full", "Full"), ("concession", "Concession"), ("child", "Child"))
_PRICE = QRegularExpression(r"^\d{1,9}([.,]\d{0,2})?$")


class _Dialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, width: int = 520):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # A fixed width lets wrapped text find its height (``fit``), so nothing is cut off.
        self.setFixedWidth(width)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(24, 20, 24, 18)
        self.box.setSpacing(12)

    def add_buttons(self, ok_text: str, *, cancel: bool = True) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("primary", True)
        self.ok_button.setDefault(True)
        if cancel:
            self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.box.addWidget(buttons)
        return buttons

    def _accept(self) -> None:
        self.accept()

    def fit(self) -> None:
        """The height the contents need at the dialog's width (after building, after a message)."""
        layout = self.layout()
        assert layout is not None
        height = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        self.setFixedHeight(max(height, layout.totalMinimumSize().height()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self.fit()
        super().showEvent(event)


class NewMapDialog(_Dialog):
    """The name of a new map; ``on_name(name)`` on OK."""

    def __init__(self, parent: QWidget | None, on_name: Callable[[str], None], taken: Sequence[str] = ()):
        super().__init__(parent, "New seatmap", 440)
        self._on_name = on_name
        self._taken = {t.lower() for t in taken}
        self.box.addWidget(label("New seatmap", "subtitle"))
        self.box.addWidget(
            label(
                "It starts empty, as a draft: draw it, save it, publish it when the check is green.", "muted", wrap=True
            )
        )
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("NewMapName")
        self.name_edit.setPlaceholderText("The hall's name, e.g. Small Hall")
        self.box.addWidget(self.name_edit)
        self.error = label("", "note", object_name="DialogError")
        self.error.hide()
        self.box.addWidget(self.error)
        self.add_buttons("Create")

    def _accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.error.setText("Give the map a name.")
            self.error.show()
            self.fit()
            return
        if name.lower() in self._taken:
            self.error.setText(f"There is a map called {name} already: pick another name, or open that one.")
            self.error.show()
            self.fit()
            return
        self.accept()
        self._on_name(name)


class MoveEventDialog(_Dialog):
    """Pick an event on an older version of the map; ``on_move(event)`` when the manager confirms."""

    def __init__(
        self,
        parent: QWidget | None,
        target: VersionRow,
        events: Sequence[EventUse],
        on_move: Callable[[EventUse], None],
    ):
        super().__init__(parent, f"Move an event to version {target.version}", 560)
        self._on_move = on_move
        self.target = target
        self.box.addWidget(label(f"Move an event to {target.name}, version {target.version}", "subtitle"))
        self.box.addWidget(
            label(
                "Seats keep their identity across versions: every held or sold seat must still be in this "
                "version, in the same zone, row, number and category — otherwise the move is refused and "
                "nothing changes. New categories need prices.",
                "muted",
                wrap=True,
            )
        )
        self.list = QListWidget()
        self.list.setObjectName("MoveEventList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for ev in events:
            item = QListWidgetItem(f"{ev.name}\n{day_and_time(ev.starts_at)}  ·  on version {ev.version}")
            item.setData(Qt.ItemDataRole.UserRole, ev)
            self.list.addItem(item)
        self.list.setMinimumHeight(min(260, 56 * max(len(events), 2)))
        self.list.setStyleSheet("QListWidget::item { padding: 8px 10px; }")
        self.box.addWidget(self.list)
        self.add_buttons("Move event")
        self.ok_button.setEnabled(False)
        self.list.currentItemChanged.connect(lambda item, _old: self.ok_button.setEnabled(item is not None))
        self.list.itemDoubleClicked.connect(lambda _item: self._accept())
        if len(events) == 1:
            self.list.setCurrentRow(0)

    def select_event(self, event_id: int) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole).id == event_id:
                self.list.setCurrentRow(i)
                return True
        return False

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.accept()
        self._on_move(item.data(Qt.ItemDataRole.UserRole))


def parse_price(text: str) -> Decimal | None:
    text = text.strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value >= 0 else None


class PricesDialog(_Dialog):
    """Prices for the categories an event has none for; ``on_prices({category: {type: Decimal}})``."""

    def __init__(
        self,
        parent: QWidget | None,
        event: EventUse,
        target: VersionRow,
        categories: Sequence[str],
        on_prices: Callable[[dict[str, dict[str, Decimal]]], None],
    ):
        super().__init__(parent, "Prices for the new categories", 560)
        self._on_prices = on_prices
        self.categories = list(categories)
        self.box.addWidget(label("Prices for the new categories", "subtitle"))
        self.box.addWidget(
            label(
                f"Version {target.version} has {plural(len(categories), 'category', 'categories')} that "
                f"{event.name} has no prices for. An event prices every category of its map: give at least "
                "the full price; concession and child prices are optional.",
                "muted",
                wrap=True,
            )
        )
        self.error = label("", "note", object_name="DialogError")  # shown under the grid
        self.error.hide()
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        for col, (_key, title) in enumerate(PRICE_TYPES, start=1):
            grid.addWidget(label(title, "fieldLabel"), 0, col)
        self.fields: dict[tuple[str, str], QLineEdit] = {}
        validator = QRegularExpressionValidator(_PRICE, self)
        for row, category in enumerate(self.categories, start=1):
            grid.addWidget(label(category), row, 0)
            for col, (key, title) in enumerate(PRICE_TYPES, start=1):
                edit = QLineEdit()
                edit.setObjectName(f"price-{category}-{key}")
                edit.setValidator(validator)
                edit.setPlaceholderText("required" if key == "full" else "optional")
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                edit.setAccessibleName(f"{title} price of {category}")
                edit.textEdited.connect(lambda _t: self.error.hide())
                grid.addWidget(edit, row, col)
                self.fields[(category, key)] = edit
        grid.setColumnStretch(0, 1)
        self.box.addLayout(grid)
        self.box.addWidget(self.error)
        self.add_buttons("Set prices and move")

    def prices(self) -> dict[str, dict[str, Decimal]] | None:
        out: dict[str, dict[str, Decimal]] = {}
        for category in self.categories:
            table: dict[str, Decimal] = {}
            for key, _title in PRICE_TYPES:
                value = parse_price(self.fields[(category, key)].text())
                if value is not None:
                    table[key] = value
            if "full" not in table:
                self.error.setText(f"{category} needs a full price.")
                self.error.show()
                self.fit()
                self.fields[(category, "full")].setFocus()
                return None
            out[category] = table
        return out

    def _accept(self) -> None:
        prices = self.prices()
        if prices is None:
            return
        self.accept()
        self._on_prices(prices)


class RemapRefusedDialog(_Dialog):
    """Why an event could not move: the held or sold seats that would vanish or change, one per line."""

    def __init__(self, parent: QWidget | None, event_name: str, target: VersionRow, seats: Sequence[RefusedSeat]):
        super().__init__(parent, "The event cannot move", 620)
        self.seats = list(seats)
        title = label(f"{event_name} stays on its version", "subtitle")
        self.box.addWidget(title)
        n = len(self.seats)
        self.box.addWidget(
            label(
                f"Moving it to version {target.version} of {target.name} was refused: "
                f"{plural(n, 'seat')} that {'is' if n == 1 else 'are'} held or sold would vanish or change. "
                "Nothing was changed. Put the seats back in the plan (same zone, row, number and category) and "
                "save a new version, or deal with their orders first.",
                "muted",
                wrap=True,
            )
        )
        self.table = QTableWidget(n, 2)
        self.table.setObjectName("RefusedSeats")
        self.table.setHorizontalHeaderLabels(["Seat", "What would happen"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(30)
        for row, problem in enumerate(self.seats):
            self.table.setItem(row, 0, QTableWidgetItem(problem.label))
            self.table.setItem(row, 1, QTableWidgetItem(problem.reason[:1].upper() + problem.reason[1:]))
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setFixedHeight(min(320, 44 + 30 * max(n, 1)))
        self.box.addWidget(self.table)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("Copy the list")
        self.copy_button.clicked.connect(self.copy)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        self.box.addLayout(buttons)
        self.add_buttons("Close", cancel=False)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(str(seat) for seat in self.seats))

    def texts(self) -> list[str]:
        cells = [[self.table.item(r, c) for c in range(2)] for r in range(self.table.rowCount())]
        return [" ".join(item.text() for item in row if item is not None) for row in cells]
