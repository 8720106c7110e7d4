"""The editor's side panels: properties of the selection, categories, zones, the check list (validation)
and the list of keyboard shortcuts."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.model import categories, zones
from editor.model import operations as ops
from editor.model import rows as row_edits
from editor.model import selection as sel
from editor.model.elements import Area, Row, RowGeometry, Seat, Zone
from editor.model.faults import Fault
from editor.model.numbering import SKIP_I_O, RowLabelling, SeatNumbering
from editor.model.selection import Unit

from . import icons
from .controller import EditorController
from .toolhost import NewSeats

MIXED = "—"
_W = TypeVar("_W", bound=QWidget)
_V = TypeVar("_V")


def swatch(colour: str | None, size: int = 14, wheel: bool = False) -> QIcon:
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if colour:
        p.setBrush(QColor(colour))
        p.setPen(QColor(colour).darker(140))
    else:
        p.setBrush(QColor("#ffffff"))
        p.setPen(Qt.PenStyle.DashLine)
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


class ColourButton(QToolButton):
    """A swatch that opens a colour dialog; ``colourChosen(str)`` ("" clears when ``allow_none``)."""

    colourChosen = Signal(str)

    def __init__(self, colour: str | None, *, allow_none: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_none = allow_none
        self.colour = colour
        self.setObjectName("ColourButton")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAutoRaise(False)
        self.clicked.connect(self._choose)
        self._show()

    def _show(self) -> None:
        self.setIcon(swatch(self.colour))
        self.setText(self.colour or "none")

    def set_colour(self, colour: str | None) -> None:
        self.colour = colour
        self._show()

    def _choose(self) -> None:
        options = QColorDialog.ColorDialogOption.DontUseNativeDialog
        chosen = QColorDialog.getColor(QColor(self.colour or "#ffffff"), self, "Colour", options)
        if chosen.isValid():
            self.colour = chosen.name()
            self._show()
            self.colourChosen.emit(self.colour)


class Section(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Section")
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 10, 12, 12)
        box.setSpacing(6)
        head = QLabel(title)
        head.setObjectName("SectionTitle")
        box.addWidget(head)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        box.addLayout(self.form)

    def row(self, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(widget.objectName() or label)
        self.form.addRow(label, widget)
        return widget

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("Note")
        label.setWordWrap(True)
        self.form.addRow(label)
        return label


def _spin(value: float, lo: float, hi: float, decimals: int = 1, suffix: str = "", step: float = 1.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)
    box.setValue(value)
    return box


def _ispin(value: int, lo: int, hi: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setKeyboardTracking(False)
    box.setValue(value)
    return box


class PropertiesPanel(QScrollArea):
    """What the selection is and everything about it that can be changed; every change is one command."""

    def __init__(self, ctl: EditorController, new_seats: NewSeats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Properties")
        self.ctl = ctl
        self.new_seats = new_seats
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields: dict[str, QWidget] = {}
        self._loaders: list[Callable[[], None]] = []
        self._key: object = None
        self._timer = _refill_timer(self, self.refresh, ctl.selectionChanged, ctl.documentChanged, ctl.documentReplaced)
        self.rebuild()

    # -- structure ----------------------------------------------------------------------------------
    def _structure(self) -> object:
        units = self.ctl.units()
        return (
            id(self.ctl.doc),
            self.ctl.selection,
            tuple((u.kind, id(u.obj)) for u in units),
            len(self.ctl.doc.categories),
            tuple(c.name for c in self.ctl.doc.categories),
        )

    def refresh(self) -> None:
        key = self._structure()
        if key != self._key:
            self.rebuild()
            return
        for load in self._loaders:
            load()

    def rebuild(self) -> None:
        self._key = self._structure()
        self.fields = {}
        self._loaders = []
        body = QWidget()
        body.setObjectName("PropertiesBody")
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        units = self.ctl.units()
        kinds = {u.kind for u in units}
        header = QLabel(self.ctl.describe_selection() if units else (self.ctl.doc.name or "Seating plan"))
        header.setObjectName("PanelHeader")
        box.addWidget(header)
        if not units:
            box.addWidget(self._plan_section())
        if "zone" in kinds:
            zones = [u.zone for u in units if u.kind == "zone" and u.zone is not None]
            if len(zones) == 1:
                box.addWidget(self._zone_section(zones[0]))
        rows = sel.rows_of(self.ctl.units(expand_zones=True))
        tables = [r for r in rows if r.geometry is not None and r.geometry.kind == "table"]
        plain_rows = [r for r in rows if not (r.geometry is not None and r.geometry.kind == "table")]
        if len(tables) == 1 and not plain_rows:
            box.addWidget(self._table_section(tables[0]))
        if plain_rows:
            box.addWidget(self._rows_section(plain_rows))
        if self.ctl.selection.seats:
            box.addWidget(self._seats_section(units))
        areas = [u.area for u in units if u.area is not None] + [a for u in units if u.kind == "row" for a in u.linked]
        if areas:
            box.addWidget(self._areas_section(areas))
        box.addStretch(1)
        self.setWidget(body)

    def focus_field(self, name: str) -> None:
        self.refresh()
        widget = self.fields.get(name)
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    # -- helpers ------------------------------------------------------------------------------------
    def _field(self, name: str, widget: _W, load: Callable[[], None]) -> _W:
        """``widget`` filled by ``load`` now and at every refresh; ``fields[name]`` finds it."""
        load()
        self._loaders.append(load)
        self.fields[name] = widget
        return widget

    def _text(
        self,
        section: Section,
        name: str,
        label: str,
        get: Callable[[], str],
        put: Callable[[str], object],
        placeholder: str = "",
    ) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setObjectName(name)

        def load() -> None:
            if not edit.hasFocus():
                edit.setText(get())

        def commit() -> None:
            if edit.text() != get():
                put(edit.text())

        edit.editingFinished.connect(commit)
        section.row(label, self._field(name, edit, load))
        return edit

    def _number(
        self,
        section: Section,
        name: str,
        label: str,
        get: Callable[[], float | None],
        put: Callable[[float], object],
        lo: float,
        hi: float,
        *,
        decimals: int = 1,
        suffix: str = "",
        step: float = 1.0,
        integer: bool = False,
    ) -> QWidget:
        box: QSpinBox | QDoubleSpinBox = (
            _ispin(0, int(lo), int(hi)) if integer else _spin(0, lo, hi, decimals, suffix, step)
        )
        box.setObjectName(name)
        if integer and suffix:
            box.setSuffix(suffix)

        def load() -> None:
            value = get()
            box.blockSignals(True)
            if value is None:
                box.setSpecialValueText(MIXED)
                box.setValue(box.minimum())  # type: ignore[arg-type]
            else:
                box.setSpecialValueText("")
                box.setValue(int(round(value)) if integer else value)  # type: ignore[arg-type]
            box.blockSignals(False)

        def commit(value: float) -> None:
            current = get()
            if current is None or abs(current - value) > 1e-9:
                put(value)

        box.valueChanged.connect(commit)
        section.row(label, self._field(name, box, load))
        return box

    def _choice(
        self,
        section: Section,
        name: str,
        label: str,
        items: Sequence[tuple[str, object]],
        get: Callable[[], object],
        put: Callable[[object], object],
    ) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for text, value in items:
            combo.addItem(text, value)

        def load() -> None:
            value = get()
            combo.blockSignals(True)
            index = next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

        combo.activated.connect(lambda i: put(combo.itemData(i)))
        section.row(label, self._field(name, combo, load))
        return combo

    def _check(
        self, section: Section, name: str, label: str, get: Callable[[], bool | None], put: Callable[[bool], object]
    ) -> QCheckBox:
        box = QCheckBox(label)
        box.setObjectName(name)

        def load() -> None:
            value = get()
            box.blockSignals(True)
            box.setTristate(value is None)
            box.setCheckState(
                Qt.CheckState.PartiallyChecked
                if value is None
                else Qt.CheckState.Checked
                if value
                else Qt.CheckState.Unchecked
            )
            box.blockSignals(False)

        box.clicked.connect(lambda: put(box.checkState() != Qt.CheckState.Unchecked))
        section.form.addRow("", self._field(name, box, load))
        return box

    def _category_items(self) -> list[tuple[str, object]]:
        return [(c.name, c.name) for c in self.ctl.doc.categories]

    def _category_combo(self, section: Section, get: Callable[[], object]) -> QComboBox:
        combo = self._choice(
            section,
            "category",
            "Category",
            self._category_items(),
            get,
            lambda name: self.ctl.assign_category(str(name)),
        )
        for i, c in enumerate(self.ctl.doc.categories):
            combo.setItemIcon(i, swatch(self.ctl.seats.colour_of(c.name)))
        if not self.ctl.doc.categories:
            combo.setPlaceholderText("No categories yet")
        return combo

    # -- sections -----------------------------------------------------------------------------------
    def _plan_section(self) -> QWidget:
        doc = self.ctl.doc
        s = Section("Plan")
        self._text(
            s,
            "plan-name",
            "Name",
            lambda: doc.name,
            lambda v: self.ctl.set_attributes([doc], "Rename plan", name=v),
        )
        self._number(
            s,
            "plan-width",
            "Width",
            lambda: doc.width,
            lambda v: self.ctl.set_attributes([doc], "Plan size", width=v),
            10,
            1e6,
            decimals=0,
            step=10,
        )
        self._number(
            s,
            "plan-height",
            "Height",
            lambda: doc.height,
            lambda v: self.ctl.set_attributes([doc], "Plan size", height=v),
            10,
            1e6,
            decimals=0,
            step=10,
        )

        def focal(axis: int) -> Callable[[], float]:
            return lambda: float(doc.effective_focal_point()[axis])

        def put_focal(axis: int) -> Callable[[float], None]:
            def put(v: float) -> None:
                x, y = doc.effective_focal_point()
                point = (v, y) if axis == 0 else (x, v)
                self.ctl.set_focal_point(point)

            return put

        self._number(s, "focal-x", "Focal point x", focal(0), put_focal(0), -1e6, 1e6, decimals=0, step=10)
        self._number(s, "focal-y", "Focal point y", focal(1), put_focal(1), -1e6, 1e6, decimals=0, step=10)
        derive = QPushButton("Use the stage's centre")
        derive.setObjectName("derive-focal")
        derive.setEnabled(doc.focal_point is not None)
        derive.clicked.connect(lambda: self.ctl.set_focal_point(None))
        s.form.addRow("", derive)
        seats = sum(len(r.seats) for z in doc.zones for r in z.rows)
        rows = sum(len(z.rows) for z in doc.zones)
        s.note(f"{seats} seats in {rows} rows and {len(doc.zones)} zones; {len(doc.categories)} categories.")
        d = Section("New seats")
        o = self.new_seats
        for key, label in (("spacing", "Seat spacing"), ("row_spacing", "Row spacing"), ("radius", "Seat radius")):
            self._number(d, f"default-{key}", label, _getter(o, key), _setter(o, key), 1, 500, decimals=1)
        wrap = QWidget()
        lay = QVBoxLayout(wrap)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(s)
        lay.addWidget(d)
        return wrap

    def _zone_section(self, zone: Zone) -> QWidget:
        s = Section("Zone")
        self._text(
            s,
            "zone-name",
            "Name",
            lambda: zone.name,
            lambda v: self.ctl.apply("Rename zone", zones.rename_zone, zone, v),
        )
        self._text(
            s,
            "zone-id",
            "Zone id",
            lambda: zone.zone_id or "",
            lambda v: self.ctl.set_attributes([zone], "Zone id", zone_id=v or None),
            "optional",
        )
        return s

    def _rows_section(self, rows: list[Row]) -> QWidget:
        ctl = self.ctl
        wrap = QWidget()
        lay = QVBoxLayout(wrap)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        single = rows[0] if len(rows) == 1 else None
        s = Section("Row" if single else f"{len(rows)} rows")
        lay.addWidget(s)
        if single is not None:
            self._text(
                s,
                "row-number",
                "Row label",
                lambda: single.row_number,
                lambda v: ctl.set_attributes([single], "Rename row", row_number=v.strip()),
            )
        self._text(
            s,
            "row-template",
            "Row text",
            lambda: _same([r.row_label or "" for r in rows]),
            lambda v: ctl.set_attributes(rows, "Row text", row_label=v or None),
            "Row %s",
        )
        self._text(
            s,
            "seat-template",
            "Seat text",
            lambda: _same([r.seat_label or "" for r in rows]),
            lambda v: ctl.set_attributes(rows, "Seat text", seat_label=v or None),
            "Seat %s",
        )
        self._choice(
            s,
            "row-number-position",
            "Row label at",
            [("Both ends", "both"), ("Start", "start"), ("End", "end"), ("Hidden", None)],
            lambda: _same_value([r.row_number_position for r in rows]),
            lambda v: ctl.set_attributes(rows, "Row label position", row_number_position=v),
        )

        g = Section("Shape")
        lay.addWidget(g)
        merge = ("reshape", tuple(id(r) for r in rows))
        if single is not None:
            self._number(
                g,
                "seat-count",
                "Seats",
                lambda: float(len(single.seats)),
                lambda v: ctl.reshape([single], "Seats in row", merge_key=(*merge, "count"), seat_count=int(v)),
                1,
                2000,
                integer=True,
            )
        self._number(
            g,
            "spacing",
            "Spacing",
            lambda: _average([row_edits.spacing_of(r) for r in rows]),
            lambda v: ctl.reshape(rows, "Set spacing", merge_key=(*merge, "spacing"), spacing=v),
            1,
            500,
            decimals=1,
        )
        self._number(
            g,
            "curvature",
            "Curve",
            lambda: _average([r.geometry.curvature if r.geometry is not None else 0.0 for r in rows]),
            lambda v: ctl.reshape(rows, "Set curve", merge_key=(*merge, "curve"), curvature=v),
            -300,
            300,
            decimals=0,
            suffix="°",
            step=5,
        )
        if single is not None:
            self._number(
                g,
                "angle",
                "Angle",
                lambda: single.geometry.angle if single.geometry else 0.0,
                lambda v: ctl.reshape([single], "Set angle", merge_key=(*merge, "angle"), angle=v),
                -360,
                360,
                decimals=0,
                suffix="°",
                step=5,
            )
        if single is not None and single.geometry is not None:
            self._text(
                g,
                "gaps",
                "Gaps",
                lambda: ", ".join(str(i + 1) for i in (single.geometry.skipped if single.geometry else ())),
                lambda v: ctl.apply("Set gaps", row_edits.set_gaps, single, v),
                "e.g. 12 for an aisle after seat 11",
            )
        g.note(
            "Curve is the arc a row covers (0° straight); spacing is measured along the row. Gaps are "
            "places left empty (an aisle), counted from the row's start."
        )
        if len(self.ctl.doc.zones) > 1:
            zone_now = row_edits.common_zone(self.ctl.doc, rows)
            self._choice(
                g,
                "zone",
                "Zone",
                [(z.name or "Unnamed zone", z) for z in self.ctl.doc.zones],
                lambda: zone_now,
                lambda z: ctl.move_rows_to_zone(rows, z) if isinstance(z, Zone) else None,
            )

        n = Section("Seat numbers")
        lay.addWidget(n)

        def scheme() -> SeatNumbering:
            return row_edits.numbering_of(rows)

        def put(**change: object) -> None:
            numbering = dataclasses.replace(scheme(), **change)  # type: ignore[arg-type]
            ctl.apply("Renumber", row_edits.renumber, rows, numbering)

        self._choice(
            n,
            "direction",
            "Direction",
            [("Left to right", "ltr"), ("Right to left", "rtl")],
            lambda: scheme().direction,
            lambda v: put(direction=v),
        )
        self._choice(
            n,
            "mode",
            "Numbers",
            [("1, 2, 3 …", "consecutive"), ("Odd: 1, 3, 5 …", "odd"), ("Even: 2, 4, 6 …", "even")],
            lambda: scheme().mode,
            lambda v: put(mode=v),
        )
        self._number(
            n,
            "start",
            "First number",
            lambda: float(scheme().start),
            lambda v: put(start=int(v)),
            0,
            100000,
            integer=True,
        )
        self._text(n, "prefix", "Prefix", lambda: scheme().prefix, lambda v: put(prefix=v), "none")
        self._check(n, "skip-13", "Leave out 13", lambda: scheme().skip_13, lambda v: put(skip_13=v))

        r = Section("Row labels")
        lay.addWidget(r)
        zone = row_edits.common_zone(self.ctl.doc, rows)
        current = (
            zone.row_labelling
            if zone is not None and zone.row_labelling is not None
            else RowLabelling(skip_letters=SKIP_I_O)
        )
        style = QComboBox()
        style.setObjectName("label-style")
        for text, value in (("A, B, C …", "letters"), ("1, 2, 3 …", "numbers"), ("AA, BB, CC …", "double-letters")):
            style.addItem(text, value)
        style.setCurrentIndex(max(0, style.findData(current.style)))
        start = QLineEdit(str(current.start) if current.style != "letters" or isinstance(current.start, str) else "A")
        start.setObjectName("label-start")
        skip = QCheckBox("Leave out I and O")
        skip.setObjectName("label-skip-io")
        skip.setChecked(set(SKIP_I_O) <= {x.upper() for x in current.skip_letters})
        reverse = QCheckBox("Back to front")
        reverse.setObjectName("label-reverse")
        reverse.setChecked(current.reverse)
        skip13 = QCheckBox("Leave out 13")
        skip13.setObjectName("label-skip-13")
        skip13.setChecked(current.skip_13)
        r.row("Style", style)
        r.row("Start at", start)
        r.form.addRow("", skip)
        r.form.addRow("", skip13)
        r.form.addRow("", reverse)
        button = QPushButton(f"Relabel {len(rows)} row{'s' if len(rows) != 1 else ''}")
        button.setObjectName("relabel")

        def relabel() -> None:
            kind = style.currentData()
            text = start.text().strip() or ("1" if kind == "numbers" else "A")
            first: str | int = int(text) if kind == "numbers" and text.isdigit() else text
            try:
                labelling = RowLabelling(
                    style=kind,
                    start=first,
                    reverse=reverse.isChecked(),
                    skip_letters=SKIP_I_O if skip.isChecked() else (),
                    skip_13=skip13.isChecked(),
                )
            except ValueError as exc:
                ctl.message.emit(str(exc))
                return
            ctl.apply("Relabel rows", row_edits.relabel, rows, labelling)

        button.clicked.connect(relabel)
        r.form.addRow("", button)
        r.note("Front row first: the row nearest the focal point gets the first label.")
        self.fields["label-style"] = style
        self.fields["label-start"] = start
        return wrap

    def _table_section(self, row: Row) -> QWidget:
        ctl = self.ctl

        def g() -> RowGeometry:  # the row's geometry as it is now (every change makes a new one)
            assert row.geometry is not None
            return row.geometry

        s = Section("Table")
        self._text(
            s,
            "table-number",
            "Table",
            lambda: row.row_number,
            lambda v: ctl.apply("Rename table", row_edits.rename_table, row, v),
        )
        if g().table_shape == "long":
            self._number(
                s,
                "per-side",
                "Chairs per side",
                lambda: float(g().seats_per_side),
                lambda v: ctl.set_table_chairs(row, seats_per_side=int(v)),
                0,
                200,
                integer=True,
            )
            self._number(
                s,
                "end-seats",
                "Chairs at each end",
                lambda: float(g().end_seats),
                lambda v: ctl.set_table_chairs(row, end_seats=int(v)),
                0,
                20,
                integer=True,
            )
        else:
            self._number(
                s,
                "chairs",
                "Chairs",
                lambda: float(g().seat_count),
                lambda v: ctl.set_table_chairs(row, seat_count=int(v)),
                1,
                60,
                integer=True,
            )
        self._text(
            s,
            "table-gaps",
            "Empty places",
            lambda: ", ".join(str(i + 1) for i in g().skipped),
            lambda v: ctl.apply("Empty places", row_edits.set_table_gaps, row, v),
            "e.g. 1 to keep the head of the table free",
        )
        s.note("Chairs are numbered clockwise from the top; empty places count the same way.")
        return s

    def _seats_section(self, units: list[Unit]) -> QWidget:
        ctl = self.ctl
        index = ctl.doc.seat_index()
        guids = sorted(ctl.selection.seats)

        def seats() -> list[Seat]:
            return [index[g].seat for g in guids if g in index] if len(guids) < 200000 else []

        s = Section("Seats" if len(guids) != 1 else "Seat")
        if len(guids) == 1:
            self._text(
                s,
                "seat-number",
                "Number",
                lambda: seats()[0].number if seats() else "",
                lambda v: ctl.set_seat_attributes(number=v.strip()),
            )
        self._category_combo(s, lambda: _same_value([x.category for x in seats()]))
        self._check(
            s,
            "wheelchair",
            "Wheelchair place",
            lambda: _same_value([x.wheelchair for x in seats()]),
            lambda v: ctl.set_accessibility(wheelchair=v),
        )
        self._check(
            s,
            "restricted",
            "Restricted view",
            lambda: _same_value([x.restricted_view for x in seats()]),
            lambda v: ctl.set_accessibility(restricted_view=v),
        )
        companions = [x for x in seats() if x.companion_of is not None]
        if len(guids) == 1 and companions:
            ref = index.get(companions[0].companion_of or "")
            where = ref.seat.number if ref is not None else "a missing seat"
            s.note(f"Companion of the wheelchair place {where}.")
        buttons = QWidget()
        line = QHBoxLayout(buttons)
        line.setContentsMargins(0, 0, 0, 0)
        pair = QPushButton("Pair companion")
        pair.setObjectName("pair-companion")
        pair.setToolTip("Select a wheelchair place and the seat beside it")
        pair.setEnabled(len(guids) == 2)
        pair.clicked.connect(ctl.pair_companion)
        unpair = QPushButton("Unpair")
        unpair.setObjectName("unpair-companion")
        unpair.setEnabled(bool(companions))
        unpair.clicked.connect(ctl.unpair_companions)
        line.addWidget(pair)
        line.addWidget(unpair)
        s.form.addRow("", buttons)
        self._number(
            s,
            "seat-radius",
            "Size (radius)",
            lambda: _same_value([x.radius for x in seats()]),
            lambda v: ctl.set_seat_attributes(radius=v),
            1,
            200,
            decimals=1,
        )
        return s

    def _area_size(self, section: Section, area: Area, name: str, label: str, attribute: str) -> None:
        """A size of one area (width, height, a radius); changes of its size in a row are one undo step."""
        self._number(
            section,
            name,
            label,
            lambda: getattr(area, attribute),
            lambda v: self.ctl.set_attributes([area], "Size", ("size", id(area)), **{attribute: v}),
            1,
            1e6,
        )

    def _areas_section(self, areas: list[Area]) -> QWidget:
        ctl = self.ctl
        single = areas[0] if len(areas) == 1 else None
        title = (
            "Shape"
            if single is None
            else {"standing": "Standing area", "label": "Text label", "table": "Table outline"}.get(
                single.kind, "Shape"
            )
        )
        s = Section(title if single else f"{len(areas)} shapes")
        if single is not None:
            a = single
            self._text(s, "area-name", "Name", lambda: a.name, lambda v: ctl.set_attributes([a], "Rename", name=v))
            self._text(
                s,
                "text",
                "Text",
                lambda: a.text.text if a.text else "",
                lambda v: ctl.apply("Change text", ops.set_area_text, a, v),
            )
            if a.text is not None:
                self._number(
                    s,
                    "text-size",
                    "Text size",
                    lambda: a.text.size or 16.0 if a.text else 16.0,
                    lambda v: ctl.apply("Change text", ops.set_text_style, a, size=v),
                    4,
                    400,
                    decimals=0,
                )
            if a.kind == "standing":
                self._number(
                    s,
                    "capacity",
                    "Capacity",
                    lambda: float(a.capacity or 0),
                    lambda v: ctl.set_attributes([a], "Capacity", capacity=int(v)),
                    1,
                    1000000,
                    integer=True,
                )
            if a.shape == "rectangle":
                self._area_size(s, a, "width", "Width", "width")
                self._area_size(s, a, "height", "Height", "height")
            elif a.shape == "circle":
                self._area_size(s, a, "radius", "Radius", "radius")
            elif a.shape == "ellipse":
                self._area_size(s, a, "radius-x", "Radius x", "radius_x")
                self._area_size(s, a, "radius-y", "Radius y", "radius_y")
            self._number(
                s,
                "rotation",
                "Rotation",
                lambda: a.rotation,
                lambda v: ctl.set_attributes([a], "Rotate", ("rotation", id(a)), rotation=v % 360),
                -360,
                360,
                decimals=0,
                suffix="°",
                step=5,
            )
        if single is None or single.shape != "text":
            fill = ColourButton(_same_value([a.color for a in areas]) or None)
            fill.setObjectName("fill")
            fill.colourChosen.connect(lambda c: ctl.set_attributes(areas, "Fill colour", color=c or None))
            s.row("Fill", fill)
            border = ColourButton(_same_value([a.border_color for a in areas]) or None)
            border.setObjectName("border")
            border.colourChosen.connect(
                lambda c: ctl.set_attributes(areas, "Border colour", border_color=c or None)
            )
            s.row("Border", border)
            none = QPushButton("No fill")
            none.clicked.connect(lambda: ctl.set_attributes(areas, "Fill colour", color=None))
            s.form.addRow("", none)
        if single is not None and single.text is not None:
            t = single.text
            colour = ColourButton(t.color)
            colour.colourChosen.connect(lambda c: ctl.apply("Change text", ops.set_text_style, single, color=c or None))
            s.row("Text colour", colour)
        return s


def _getter(obj: object, name: str) -> Callable[[], float]:
    return lambda: float(getattr(obj, name))


def _setter(obj: object, name: str) -> Callable[[float], None]:
    return lambda value: setattr(obj, name, value)


def _same(values: Sequence[str]) -> str:
    return values[0] if values and all(v == values[0] for v in values) else ""


def _same_value(values: Sequence[_V]) -> _V | None:
    return values[0] if values and all(v == values[0] for v in values) else None


def _average(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _refill_timer(panel: QWidget, refill: Callable[[], None], *signals: SignalInstance) -> QTimer:
    """Calls ``refill`` once the event loop is free again, however often ``signals`` fired meanwhile."""
    timer = QTimer(panel)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(refill)
    for signal in signals:
        signal.connect(timer.start)
    return timer


def _panel_head(
    panel: QWidget, title: str, margins: tuple[int, int, int, int] = (12, 8, 8, 4)
) -> tuple[QVBoxLayout, QHBoxLayout, QLabel]:
    """A side panel's column (no margins) headed by a row with its title; the caller adds the rest."""
    box = QVBoxLayout(panel)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    head = QHBoxLayout()
    head.setContentsMargins(*margins)
    heading = QLabel(title)
    heading.setObjectName("PanelHeader2")
    head.addWidget(heading)
    box.addLayout(head)
    return box, head, heading


def _list_tree(name: str, columns: int) -> QTreeWidget:
    """A tree used as a list: no header, no branches, the first column stretched, the others fitted."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setColumnCount(columns)
    tree.setHeaderHidden(True)
    tree.setRootIsDecorated(False)
    tree.setIndentation(0)
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, columns):
        tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


# -- categories -----------------------------------------------------------------------------------
class CategoriesPanel(QWidget):
    """Categories (price levels) with their colour and seat count; the current one is what new seats get.
    Keys 1–9 give the selection the n-th category."""

    def __init__(self, ctl: EditorController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Categories")
        self.ctl = ctl
        box, head, _title = _panel_head(self, "Categories")
        head.addStretch(1)
        self.add_button = _small_button("plus", "Add a category")
        self.add_button.clicked.connect(lambda: self.ctl.add_category())
        self.remove_button = _small_button("minus", "Delete the category (when no seat uses it)")
        self.remove_button.clicked.connect(self._remove)
        head.addWidget(self.add_button)
        head.addWidget(self.remove_button)
        self.tree = _list_tree("CategoryList", 3)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.setIconSize(QSize(14, 14))
        self.tree.itemChanged.connect(self._renamed)
        self.tree.currentItemChanged.connect(self._current)
        self.tree.itemDoubleClicked.connect(self._double)
        box.addWidget(self.tree)
        actions = QHBoxLayout()
        actions.setContentsMargins(10, 6, 10, 10)
        self.assign_button = QPushButton("Assign to selection")
        self.assign_button.setObjectName("assign-category")
        self.assign_button.clicked.connect(self._assign)
        self.colour_button = QPushButton("Colour…")
        self.colour_button.setObjectName("category-colour")
        self.colour_button.clicked.connect(self._recolour)
        actions.addWidget(self.assign_button, 1)
        actions.addWidget(self.colour_button)
        box.addLayout(actions)
        self._filling = False
        self._timer = _refill_timer(self, self.fill, ctl.documentChanged, ctl.documentReplaced)
        ctl.selectionChanged.connect(self._update_buttons)
        self.fill()

    def fill(self) -> None:
        self._filling = True
        counts = categories.category_counts(self.ctl.doc)
        self.tree.clear()
        current = None
        for n, c in enumerate(self.ctl.doc.categories):
            item = QTreeWidgetItem([c.name, f"{counts.get(c.name, 0)}", f"{n + 1}" if n < 9 else ""])
            item.setIcon(0, swatch(self.ctl.seats.colour_of(c.name)))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setData(0, Qt.ItemDataRole.UserRole, c.name)
            item.setToolTip(0, f"{c.name}: {counts.get(c.name, 0)} seats. Double-click to rename.")
            item.setToolTip(2, f"Press {n + 1} to give the selection this category" if n < 9 else "")
            item.setForeground(1, QColor("#57606a"))
            item.setForeground(2, QColor("#8c959f"))
            self.tree.addTopLevelItem(item)
            if c.name == self.ctl.current_category:
                current = item
        missing = counts.get("", 0)
        if missing:
            item = QTreeWidgetItem(["No category", f"{missing}", ""])
            item.setIcon(0, swatch(None))
            item.setForeground(0, QColor("#cf222e"))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(item)
        if current is not None:
            self.tree.setCurrentItem(current)
        self._filling = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        has = item is not None and item.data(0, Qt.ItemDataRole.UserRole)
        self.assign_button.setEnabled(bool(has) and bool(self.ctl.selection.seats))
        self.colour_button.setEnabled(bool(has))
        self.remove_button.setEnabled(bool(has))

    def _name(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, Qt.ItemDataRole.UserRole)

    def _current(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if self._filling or item is None:
            return
        name = item.data(0, Qt.ItemDataRole.UserRole)
        if name:
            self.ctl.current_category = name
        self._update_buttons()

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        old = item.data(0, Qt.ItemDataRole.UserRole)
        if old:
            self.ctl.rename_category(old, item.text(0))
            self._timer.start()

    def _double(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0 and item.data(0, Qt.ItemDataRole.UserRole):
            self.tree.editItem(item, 0)

    def _assign(self) -> None:
        name = self._name()
        if name:
            self.ctl.assign_category(name)

    def _recolour(self) -> None:
        name = self._name()
        if not name:
            return
        options = QColorDialog.ColorDialogOption.DontUseNativeDialog
        chosen = QColorDialog.getColor(
            QColor(self.ctl.seats.colour_of(name) or "#3b7dd8"), self, f"Colour of {name}", options
        )
        if chosen.isValid():
            self.ctl.apply(f"Colour of {name}", categories.recolour_category, name, chosen.name())

    def _remove(self) -> None:
        name = self._name()
        if name:
            self.ctl.apply(f"Delete category {name}", categories.remove_category, name)


def _small_button(icon_name: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icons.icon(icon_name))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setIconSize(QSize(16, 16))
    return button


# -- zones ----------------------------------------------------------------------------------------
class ZonesPanel(QWidget):
    """Zones (stalls, balcony, boxes): click one to select it and make it the zone new rows go to."""

    def __init__(self, ctl: EditorController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Zones")
        self.ctl = ctl
        box, head, _title = _panel_head(self, "Zones")
        head.addStretch(1)
        add = _small_button("plus", "Add an empty zone")
        add.clicked.connect(self.ctl.add_empty_zone)
        head.addWidget(add)
        self.tree = _list_tree("ZoneList", 2)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemChanged.connect(self._renamed)
        box.addWidget(self.tree)
        self._filling = False
        self._timer = _refill_timer(self, self.fill, ctl.documentChanged, ctl.documentReplaced)
        self.fill()

    def fill(self) -> None:
        self._filling = True
        self.tree.clear()
        for zone in self.ctl.doc.zones:
            seats = sum(len(r.seats) for r in zone.rows)
            item = QTreeWidgetItem([zone.name or "Unnamed zone", f"{len(zone.rows)} rows · {seats}"])
            item.setData(0, Qt.ItemDataRole.UserRole, zone)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setForeground(1, QColor("#57606a"))
            if zone is self.ctl.active_zone:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                item.setToolTip(0, "New rows go to this zone")
            self.tree.addTopLevelItem(item)
        self._filling = False

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        zone = item.data(0, Qt.ItemDataRole.UserRole)
        if zone is not None:
            self.ctl.select_zone(zone)
            self.fill()

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        zone = item.data(0, Qt.ItemDataRole.UserRole)
        if zone is not None:
            self.ctl.apply("Rename zone", zones.rename_zone, zone, item.text(0))


# -- the check list -------------------------------------------------------------------------------
class ValidationPanel(QWidget):
    """The check list: every fault of the plan; clicking one selects its seats and centres them.
    ``faultActivated(Fault)``."""

    faultActivated = Signal(object)

    def __init__(self, ctl: EditorController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Check")
        self.ctl = ctl
        box, head, self.title = _panel_head(self, "Check", (12, 6, 8, 6))
        self.summary = QLabel("")
        self.summary.setObjectName("CheckSummary")
        head.addWidget(self.summary)
        head.addStretch(1)
        self.list = QListWidget()
        self.list.setObjectName("FaultList")
        self.list.setIconSize(QSize(16, 16))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        box.addWidget(self.list)
        ctl.validationChanged.connect(self.fill)
        self.fill()

    def fill(self, *_: object) -> None:
        self.list.clear()
        faults = self.ctl.faults
        for fault in faults[:2000]:
            item = QListWidgetItem(icons.icon("error" if fault.is_error else "warning"), fault.message)
            item.setData(Qt.ItemDataRole.UserRole, fault)
            item.setToolTip(
                fault.message + ("\nClick to select it on the plan." if fault.seat_guids or fault.row_uuids else "")
            )
            self.list.addItem(item)
        e, w = self.ctl.errors, self.ctl.warnings
        if not faults:
            self.summary.setText("No problems found.")
            self.summary.setProperty("state", "ok")
        else:
            parts = []
            if e:
                parts.append(f"{e} error{'s' if e != 1 else ''}")
            if w:
                parts.append(f"{w} warning{'s' if w != 1 else ''}")
            self.summary.setText(" · ".join(parts))
            self.summary.setProperty("state", "error" if e else "warning")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    def _clicked(self, item: QListWidgetItem) -> None:
        fault = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(fault, Fault):
            self.faultActivated.emit(fault)


# -- shortcuts ------------------------------------------------------------------------------------
class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of a screen, grouped (the editor's F1, the counter's Ctrl+/); ``lead``: a
    line under the title."""

    def __init__(
        self,
        groups: Sequence[tuple[str, Sequence[tuple[str, str]]]],
        parent: QWidget | None = None,
        *,
        lead: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        title = QLabel("Keyboard shortcuts")
        title.setObjectName("DialogTitle")
        outer.addWidget(title)
        if lead:
            words = QLabel(lead)
            words.setWordWrap(True)
            outer.addWidget(words)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        outer.addLayout(columns)
        per_column = math.ceil(sum(len(items) + 2 for _, items in groups) / 3)
        column = self._column()
        count = 0
        for name, items in groups:
            if count and count + len(items) > per_column:
                columns.addLayout(column)
                column = self._column()
                count = 0
            head = QLabel(name)
            head.setObjectName("ShortcutGroup")
            column.addRow(head)
            for keys, what in items:
                key = QLabel(keys)
                key.setObjectName("Keys")
                column.addRow(key, QLabel(what))
            count += len(items) + 2
        columns.addLayout(column)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        outer.addLayout(row)
        self.setStyleSheet(
            "#ShortcutsDialog { background: #ffffff; } #ShortcutsDialog QLabel { font-size: 12px; }"
            "#DialogTitle { font-size: 16px; font-weight: 600; margin-bottom: 6px; }"
            "#ShortcutGroup { font-weight: 600; color: #57606a; margin-top: 10px; }"
            "#Keys { font-family: monospace; color: #1f2328; background: #f1f3f5; border: 1px solid #d0d7de;"
            " border-radius: 4px; padding: 1px 6px; }"
        )

    @staticmethod
    def _column() -> QFormLayout:
        column = QFormLayout()
        column.setVerticalSpacing(5)
        column.setHorizontalSpacing(12)
        column.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        column.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return column
