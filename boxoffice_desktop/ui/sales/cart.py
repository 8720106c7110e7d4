"""The cart: the seats of this station's one hold, each with its price type and price.

``Cart`` is the plain logic (price types of the event, what F1..F4 do, the total); ``CartModel`` shows the
lines in a table whose price type column is edited with a combo box (``PriceTypeDelegate``).

Price types: each line starts at the default ("full", not chosen yet). A function key gives its type to
the first line not chosen yet, else to the current line; Shift with it takes one ticket of that type
back to the default. A category without a price of that type is skipped with one line saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from boxoffice_desktop.ui.money import format_money

ModelIndex = QModelIndex | QPersistentModelIndex

DEFAULT_TYPE = "full"
KNOWN_ORDER = ("full", "concession", "child")
SEAT_ROLE = Qt.ItemDataRole.UserRole + 1
TYPES_ROLE = Qt.ItemDataRole.UserRole + 2
PENDING_ROLE = Qt.ItemDataRole.UserRole + 3


def type_words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def order_types(names: Sequence[str]) -> list[str]:
    known = [n for n in KNOWN_ORDER if n in names]
    return known + sorted(n for n in set(names) if n not in KNOWN_ORDER)


@dataclass(frozen=True)
class CartLine:
    seat_id: int
    place: str  # "Row C, Seat 12"
    meta: str  # "Stalls · Stalls A"
    category: str
    price_type: str
    chosen: bool
    price: Decimal | None
    pending: bool
    colour: str = "#3b7dd8"
    label: str = ""


class Cart:
    """Price types per seat, against the event's prices {(category, price type): price}."""

    def __init__(self) -> None:
        self.prices: dict[tuple[str, str], Decimal] = {}
        self.types: dict[int, str] = {}
        self.chosen: set[int] = set()

    def set_prices(self, prices: Mapping[tuple[str, str], Decimal]) -> None:
        self.prices = dict(prices)

    def price_types(self) -> list[str]:
        return order_types([t for _, t in self.prices])

    def types_for(self, category: str) -> list[str]:
        return order_types([t for c, t in self.prices if c == category])

    def forget_all(self) -> None:
        self.types.clear()
        self.chosen.clear()

    def keep_only(self, seat_ids: Sequence[int]) -> None:
        keep = set(seat_ids)
        for sid in [s for s in self.types if s not in keep]:
            del self.types[sid]
        self.chosen &= keep

    def type_of(self, seat_id: int, category: str) -> str:
        chosen = self.types.get(seat_id)
        if chosen is not None:
            return chosen
        available = self.types_for(category)
        return DEFAULT_TYPE if (DEFAULT_TYPE in available or not available) else available[0]

    def price_of(self, seat_id: int, category: str, fallback: Decimal | None = None) -> Decimal | None:
        return self.prices.get((category, self.type_of(seat_id, category)), fallback)

    def set_type(self, seat_id: int, category: str, price_type: str) -> bool:
        if self.prices and price_type not in self.types_for(category):
            return False
        self.types[seat_id] = price_type
        self.chosen.add(seat_id)
        return True

    def add_type(
        self, lines: Sequence[tuple[int, str]], current: int | None, price_type: str
    ) -> tuple[int | None, str]:
        """F-key: ``price_type`` for the first line not chosen yet that has such a price, else for the
        ``current`` line. ``lines``: (seat id, category) in cart order. Returns (the seat changed, why not)."""
        words = type_words(price_type)
        if not lines:
            return None, "Pick seats first: the price type goes on a seat in the cart."
        for sid, category in lines:
            if sid not in self.chosen and price_type in self.types_for(category):
                self.set_type(sid, category, price_type)
                return sid, ""
        if current is not None:
            category = dict(lines).get(current)
            if category is not None:
                if self.set_type(current, category, price_type):
                    return current, ""
                return None, f"There is no {words.lower()} price for {category}."
        missing = sorted({c for _, c in lines if price_type not in self.types_for(c)})
        if missing and len(missing) == len({c for _, c in lines}):
            return None, f"There is no {words.lower()} price for {', '.join(missing)}."
        return None, "Every ticket has its price type; pick a line to change it."

    def remove_type(self, lines: Sequence[tuple[int, str]], price_type: str) -> int | None:
        """Shift+F-key: the last line of ``price_type`` goes back to the default."""
        for sid, category in reversed(list(lines)):
            if self.type_of(sid, category) == price_type and sid in self.chosen:
                self.types.pop(sid, None)
                self.chosen.discard(sid)
                return sid
        return None

    def counts(self, lines: Sequence[tuple[int, str]]) -> dict[str, int]:
        out: dict[str, int] = {}
        for sid, category in lines:
            t = self.type_of(sid, category)
            out[t] = out.get(t, 0) + 1
        return out

    def for_sale(self, lines: Sequence[tuple[int, str]]) -> dict[int, str]:
        return {sid: self.type_of(sid, category) for sid, category in lines}


class CartModel(QAbstractTableModel):
    """Seat | Price type | Price. The price type column is editable (``typeEdited``)."""

    HEADERS = ("Seat", "Type", "Price")
    typeEdited = Signal(int, str)  # seat id, price type

    def __init__(self, cart: Cart, parent: Any = None):
        super().__init__(parent)
        self.cart = cart
        self.currency: str | None = None
        self._lines: list[CartLine] = []

    def set_lines(self, lines: Sequence[CartLine]) -> None:
        new = list(lines)
        if [line.seat_id for line in new] != [line.seat_id for line in self._lines]:
            self.beginResetModel()
            self._lines = new
            self.endResetModel()
        else:
            self._lines = new
            if new:
                self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(self.HEADERS) - 1))

    def lines(self) -> list[CartLine]:
        return list(self._lines)

    def line(self, row: int) -> CartLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, seat_id: int) -> int:
        for i, line in enumerate(self._lines):
            if line.seat_id == seat_id:
                return i
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        line = self._lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{line.place}\n{line.meta}" + ("  ·  holding…" if line.pending else "")
            if col == 1:
                return type_words(line.price_type)
            if col == 2:
                return format_money(line.price, self.currency)
        if role == Qt.ItemDataRole.EditRole and col == 1:
            return line.price_type
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return "Change the price type (F1, F2, F3… give the next seat a type; Shift+F takes one back)"
            return line.label
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(line.colour)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.pending:
                return QColor("#8c959f")
            if col == 1 and not line.chosen:
                return QColor("#57606a")
        if role == SEAT_ROLE:
            return line.seat_id
        if role == TYPES_ROLE:
            return self.cart.types_for(line.category)
        if role == PENDING_ROLE:
            return line.pending
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == 1 and 0 <= index.row() < len(self._lines) and not self._lines[index.row()].pending:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != 1:
            return False
        line = self.line(index.row())
        if line is None or not isinstance(value, str) or value not in self.cart.types_for(line.category):
            return False
        self.typeEdited.emit(line.seat_id, value)
        return True


class PriceTypeDelegate(QStyledItemDelegate):
    """A combo box of the price types the seat's category has, with their prices."""

    def __init__(
        self,
        price_of: Callable[[str, str], Decimal | None],
        currency: Callable[[], str | None],
        parent: Any = None,
    ):
        super().__init__(parent)
        self._price_of = price_of
        self._currency = currency

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("PriceTypeEditor")
        model = index.model()
        row_category = ""
        line = model.line(index.row()) if hasattr(model, "line") else None
        if line is not None:
            row_category = line.category
        for name in index.data(TYPES_ROLE) or []:
            price = self._price_of(row_category, name)
            combo.addItem(f"{type_words(name)}  ·  {format_money(price, self._currency())}", name)
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        i = editor.findData(current)
        editor.setCurrentIndex(max(0, i))

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
