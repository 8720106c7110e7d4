"""The cart panel: the price type keys (F1..F4), the cart's lines (seat | type | price, the type edited with a
combo box), the hold's countdown, "More time" and "Release all", and the customer. It renders the
session's ``CartView``; what the cashier does here it says by signal (the page passes it on)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.counter.cart import CartLine, customer_words, type_words
from boxoffice_desktop.counter.clock import Countdown
from boxoffice_desktop.counter.seats import plural
from boxoffice_desktop.counter.updates import CartView
from boxoffice_desktop.ui.kit.keys import tip
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.theme import colour, repolish

ModelIndex = QModelIndex | QPersistentModelIndex

PRICE_KEYS = ("F1", "F2", "F3", "F4")
SEAT_ROLE = Qt.ItemDataRole.UserRole + 1
TYPES_ROLE = Qt.ItemDataRole.UserRole + 2
PENDING_ROLE = Qt.ItemDataRole.UserRole + 3


def section(title: str, right: QWidget | None = None) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label(title.upper(), "sectionLabel"))
    row.addStretch(1)
    if right is not None:
        row.addWidget(right)
    return row


class CartModel(QAbstractTableModel):
    """Seat | Price type | Price. The price type column is editable (``typeEdited``)."""

    HEADERS = ("Seat", "Type", "Price")
    typeEdited = Signal(int, str)  # seat id, price type

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.currency: str | None = None
        self.colour_of: Callable[[str], QColor] = lambda _category: colour("muted")
        self.types_for: Callable[[str], list[str]] = lambda _category: []
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

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
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
            return self.colour_of(line.category)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.pending:
                return colour("pending_ink")
            if col == 1 and not line.chosen:
                return colour("muted")
        if role == SEAT_ROLE:
            return line.seat_id
        if role == TYPES_ROLE:
            return self.types_for(line.category)
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

    def setData(self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != 1:
            return False
        line = self.line(index.row())
        if line is None or not isinstance(value, str) or value not in self.types_for(line.category):
            return False
        self.typeEdited.emit(line.seat_id, value)
        return True


class PriceTypeDelegate(QStyledItemDelegate):
    """A combo box of the price types the seat's category has, with their prices."""

    def __init__(
        self,
        price_of: Callable[[str, str], Decimal | None],
        currency: Callable[[], str | None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._price_of = price_of
        self._currency = currency

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("PriceTypeEditor")
        model = index.model()
        line = model.line(index.row()) if isinstance(model, CartModel) else None
        category = line.category if line is not None else ""
        for name in index.data(TYPES_ROLE) or []:
            price = self._price_of(category, name)
            combo.addItem(f"{type_words(name)}  ·  {format_money(price, self._currency())}", name)
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PriceTypesBar(QWidget):
    """F1..F4: one button per price type of the event, with how many tickets have it."""

    priceTypeAsked = Signal(int)  # the n-th price type for the next seat

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(8)
        col.addLayout(section("Price types"))
        row = QHBoxLayout()
        row.setSpacing(6)
        self.buttons: list[QPushButton] = []
        for i, key in enumerate(PRICE_KEYS):
            b = QPushButton(key)
            b.setObjectName("PriceTypeButton")
            b.setAutoDefault(True)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _c=False, n=i: self.priceTypeAsked.emit(n))
            b.hide()
            row.addWidget(b)
            self.buttons.append(b)
        row.addStretch(1)
        col.addLayout(row)

    def show_types(self, types: Sequence[str], counts: Mapping[str, int]) -> None:
        for i, b in enumerate(self.buttons):
            if i >= len(types):
                b.setProperty("ptype", None)
                b.hide()
                continue
            n = counts.get(types[i], 0)
            if b.property("ptype") != types[i]:
                b.setProperty("ptype", types[i])
                tip(
                    b,
                    f"{type_words(types[i])}: the next seat in the cart (Shift+{PRICE_KEYS[i]} takes one back)",
                    PRICE_KEYS[i],
                )
            b.setText(f"{PRICE_KEYS[i]} {type_words(types[i])}" + (f" ×{n}" if n else ""))
            if b.property("active") != bool(n):
                b.setProperty("active", bool(n))
                repolish(b)
            b.show()


class CartPanel(QWidget):
    """The cart's lines, its countdown, More time / Release all, and the customer."""

    typeEdited = Signal(int, str)
    moreTimeAsked = Signal()
    releaseAsked = Signal()
    customerAsked = Signal()

    def __init__(
        self,
        price_of: Callable[[str, str], Decimal | None],
        currency: Callable[[], str | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(8)
        self.hold_timer = label("", object_name="HoldTimer")
        self.hold_timer.hide()
        head = section("Cart", self.hold_timer)
        self.count = label("", "small")
        head.insertWidget(1, self.count)
        head.insertSpacing(1, 8)
        col.addLayout(head)
        self.model = CartModel(self)
        self.model.typeEdited.connect(self.typeEdited)
        self.view = QTableView()
        self.view.setObjectName("CartTable")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(1, PriceTypeDelegate(price_of, currency, self.view))
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnWidth(1, 104)
        self.view.verticalHeader().setDefaultSectionSize(46)
        self.empty = label(
            "Click free seats on the map (or drag a box around them), or use Best available. "
            "Click a seat again to give it back.",
            "muted",
            wrap=True,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        col.addWidget(self.view, 1)
        col.addWidget(self.empty, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.more_time_button = QPushButton("More time")
        self.more_time_button.setObjectName("MoreTimeButton")
        self.more_time_button.clicked.connect(self.moreTimeAsked)
        self.release_button = QPushButton("Release all")
        self.release_button.setObjectName("ReleaseAllButton")
        self.release_button.clicked.connect(self.releaseAsked)
        for b in (self.more_time_button, self.release_button):
            b.setAutoDefault(True)
            buttons.addWidget(b)
        buttons.addStretch(1)
        col.addLayout(buttons)

        customer = QHBoxLayout()
        customer.setSpacing(6)
        self.customer_label = label("Customer: none (quick sale)", object_name="CustomerLabel")
        self.customer_label.setWordWrap(True)
        customer.addWidget(self.customer_label, 1)
        self.customer_button = QPushButton("Customer…")
        self.customer_button.setObjectName("CustomerButton")
        self.customer_button.setAutoDefault(True)
        self.customer_button.clicked.connect(self.customerAsked)
        customer.addWidget(self.customer_button)
        col.addLayout(customer)

    def show_cart(self, cart: CartView) -> None:
        self.model.set_lines(cart.lines)
        n = len(cart.lines)
        self.view.setVisible(n > 0)
        self.empty.setVisible(n == 0)
        self.count.setText(plural(n, "ticket") if n else "")
        self.release_button.setEnabled(n > 0)
        self.more_time_button.setEnabled(n > 0 and cart.hold_id is not None)

    def show_countdown(self, shown: Countdown) -> None:
        self.hold_timer.setText(shown.text)
        self.hold_timer.setVisible(shown.shown)
        self.hold_timer.setProperty("urgent", shown.urgent)
        repolish(self.hold_timer)

    def show_customer(self, customer: Mapping[str, str] | None) -> None:
        words = customer_words(customer)
        self.customer_label.setText(f"Customer: {words}" if words else "Customer: none (quick sale)")

    def current_seat(self) -> int | None:
        index = self.view.currentIndex()
        line = self.model.line(index.row()) if index.isValid() else None
        return line.seat_id if line is not None else None

    def line_to_remove(self) -> int | None:
        """Delete: the current line, else the last one."""
        current = self.current_seat()
        if current is not None:
            return current
        lines = self.model.lines()
        return lines[-1].seat_id if lines else None

    def select_seat(self, seat_id: int) -> None:
        row = self.model.row_of(seat_id)
        if row >= 0:
            self.view.selectRow(row)
