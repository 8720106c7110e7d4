"""The panel beside the library's table: the selected version — its name, version and status, its picture,
categories and events, a note on what saving it does — and what can be done with it (open, publish, move an
event to it, export). It shows what it is given; the library pane loads it and wires its buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.ui.kit.areas import allow, button
from boxoffice_desktop.ui.kit.formats import plural
from boxoffice_desktop.ui.kit.labels import Pill, label
from boxoffice_desktop.ui.seatmaps.import_export import EXPORTS
from boxoffice_desktop.ui.seatmaps.library import Preview, VersionRow

DETAIL_WIDTH = 460


class VersionDetail(QFrame):
    """``show_version(row, movable)``, then ``show_drawing()`` / ``show_preview(preview)`` /
    ``show_undrawable()`` as its picture comes; ``exportChosen(format)`` from the Export menu."""

    exportChosen = Signal(str)

    def __init__(self, may_move: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.may_move = may_move
        self.preview: Preview | None = None  # the picture shown
        self.setObjectName("DetailPanel")
        self.setFixedWidth(DETAIL_WIDTH)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("DetailInner")
        box = QVBoxLayout(inner)
        box.setContentsMargins(24, 20, 24, 16)
        box.setSpacing(8)
        self.detail_empty = label("Select a version to see it here.", object_name="DetailEmpty", wrap=True)
        box.addWidget(self.detail_empty)
        self.detail_title = label("", object_name="DetailTitle", wrap=True)
        box.addWidget(self.detail_title)
        pills = QHBoxLayout()
        pills.setSpacing(6)
        self.version_pill = Pill()
        self.status_pill = Pill()
        self.latest_pill = Pill()
        for pill in (self.version_pill, self.status_pill, self.latest_pill):
            pills.addWidget(pill)
        pills.addStretch(1)
        box.addLayout(pills)
        self.detail_meta = label("", object_name="DetailMeta", wrap=True)
        box.addWidget(self.detail_meta)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("MapPreview")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setMinimumHeight(240)
        self.preview_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box.addWidget(self.preview_label)
        self.categories_title = label("CATEGORIES", "section")
        box.addWidget(self.categories_title)
        self.categories_box = QGridLayout()
        self.categories_box.setHorizontalSpacing(10)
        self.categories_box.setVerticalSpacing(4)
        box.addLayout(self.categories_box)
        self.events_title = label("USED BY", "section")
        box.addWidget(self.events_title)
        self.events_label = label("", wrap=True)
        self.events_label.setObjectName("UsedBy")
        box.addWidget(self.events_label)
        self.detail_note = label("", "note", wrap=True)
        box.addWidget(self.detail_note)
        box.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)

        actions = QFrame()
        actions.setObjectName("DetailActions")
        row = QHBoxLayout(actions)
        row.setContentsMargins(24, 12, 24, 16)
        row.setSpacing(8)
        self.open_button = button("Open in editor", primary=True)
        self.publish_button = button("Publish…", tip="Check this draft and publish it")
        self.move_button = button("Move an event here…", tip="Give an event on an older version this version")
        self.export_button = button("Export")
        menu = QMenu(self.export_button)
        for key, text, _filter, _suffix in EXPORTS:
            action = menu.addAction(text)
            action.setObjectName(f"export-{key}")
            action.triggered.connect(lambda _=False, k=key: self.exportChosen.emit(k))
        self.export_menu = menu
        self.export_button.setMenu(menu)
        row.addWidget(self.open_button)
        row.addWidget(self.publish_button)
        row.addWidget(self.move_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        outer.addWidget(actions)
        self.show_version(None)

    def show_version(self, row: VersionRow | None, movable: bool = False) -> None:
        """The version (None: nothing selected); ``movable``: an event on an older version could move to it."""
        has = row is not None
        for widget in (
            self.detail_title,
            self.detail_meta,
            self.preview_label,
            self.events_title,
            self.events_label,
            self.detail_note,
            self.categories_title,
        ):
            widget.setVisible(has)
        self.detail_empty.setVisible(not has)
        for b in (self.open_button, self.publish_button, self.move_button, self.export_button):
            b.setEnabled(has)
        if row is None:
            self.version_pill.set("")
            self.status_pill.set("")
            self.latest_pill.set("")
            return
        self.detail_title.setText(row.name)
        self.version_pill.set(f"Version {row.version}", "neutral")
        self.status_pill.set(row.status_text, "ok" if row.published else "draft")
        self.latest_pill.set("Newest" if row.is_latest and row.latest > 1 else "", "info")
        self.detail_meta.setText(f"{plural(row.seat_count, 'seat')}  ·  venue {row.venue_name}")
        if row.events:
            self.events_label.setText("\n".join(e.describe() for e in row.events))
        else:
            self.events_label.setText("No event uses this version.")
        notes = []
        if row.published:
            notes.append("Published: it never changes. Opening it and saving makes the next version, as a draft.")
        else:
            notes.append(
                "Draft: saving keeps it in place. Publish it when the check is green; events can then move to it."
            )
        if not row.is_latest:
            notes.append(f"Version {row.latest} is the newest of this map.")
        self.detail_note.setText(" ".join(notes))
        self.publish_button.setVisible(not row.published)
        self.move_button.setVisible(row.published)
        allow(self.move_button, self.may_move, "Your role may not move events; ask a manager.")
        if self.may_move:
            self.move_button.setEnabled(movable)
            self.move_button.setToolTip(
                "Give an event on an older version this version"
                if movable
                else "No event uses an older version of this map."
            )

    # the picture -------------------------------------------------------------------------------------
    def show_drawing(self) -> None:
        self.preview_label.setPixmap(QPixmap())
        self.preview_label.setText("Drawing the plan…")

    def show_undrawable(self) -> None:
        self.preview_label.setText("The plan cannot be drawn.")

    def show_preview(self, preview: Preview) -> None:
        self.preview = preview
        width = DETAIL_WIDTH - 48 - 2
        pixmap = QPixmap.fromImage(preview.image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.preview_label.setText("")
        self.preview_label.setPixmap(pixmap)
        self.preview_label.setFixedHeight(min(pixmap.height() + 2, 380))
        while self.categories_box.count():
            item = self.categories_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for i, (name, colour, seats) in enumerate(preview.categories):
            dot = QLabel()
            dot.setFixedSize(12, 12)
            dot.setStyleSheet(f"background: {colour}; border-radius: 6px;")  # the category's own colour
            self.categories_box.addWidget(dot, i, 0)
            self.categories_box.addWidget(label(name), i, 1)
            count = label(plural(seats, "seat"), "note")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.categories_box.addWidget(count, i, 2)
        self.categories_box.setColumnStretch(1, 1)
        self.categories_title.setVisible(bool(preview.categories))
