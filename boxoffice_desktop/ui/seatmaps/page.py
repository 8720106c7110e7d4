"""The Seatmaps area (managers and administrators): the stored maps with their versions, and the editor.

Two views in one page:

- the library: every version of every map (name, version, draft or published, seats, the events that use
  it) in a sortable table, and beside it the selected version — its picture, categories, events, and what
  can be done with it (open, publish, move an event to it, export); "New map" and "Import…" above;
- the editor (``editor._qt.SeatmapEditor``) with a bar that says which version is open and what saving will
  do. A draft is saved in place; saving over a published version makes the next version as a draft (asked
  before, said after). Publishing runs the editor's check first (``request_publish``), then the service's.

Every database call is a job; a refusal is one calm line (or, for a refused move, a dialog listing the held
and sold seats that would vanish or change). Leaving the editor with unsaved changes asks first
(``can_leave``, also asked by the main window before it switches areas).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.errors import InvalidInput
from boxoffice_desktop.services import events as events_svc
from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.orders.common import (
    AreaHeader,
    Pill,
    allow,
    area_stylesheet,
    ask,
    button,
    file_dialog,
    make_table,
    plural,
    select_where,
    selected_record,
    sorted_proxy,
)
from boxoffice_desktop.ui.seatmaps.dialogs import MoveEventDialog, NewMapDialog, PricesDialog, RemapRefusedDialog
from boxoffice_desktop.ui.seatmaps.library import (
    EventUse,
    Library,
    Preview,
    VersionRow,
    load_document,
    load_library,
    make_preview,
    versions_model,
)
from boxoffice_desktop.ui.theme import Branding
from boxoffice_desktop.ui.widgets import MessageLine, label

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)

ACCEPT = QMessageBox.ButtonRole.AcceptRole
REJECT = QMessageBox.ButtonRole.RejectRole
DESTRUCTIVE = QMessageBox.ButtonRole.DestructiveRole

EXPORTS = (
    # key, menu text, file filter, suffix
    ("pretix", "pretix seating plan (.json)", "pretix seating plan (*.json)", "json"),
    ("native", "Box office seatmap file (.json)", "Box office seatmap (*.json)", "json"),
    ("svg", "SVG drawing (.svg)", "SVG drawing (*.svg)", "svg"),
    ("png", "PNG picture (.png)", "PNG picture (*.png)", "png"),
)
PNG_EXPORT_WIDTH = 4000
DETAIL_WIDTH = 460


def _file_stem(text: str) -> str:
    return re.sub(r"[^\w\-. ]+", "", text).strip() or "seatmap"


def export_to_file(bo: BoxOffice, seatmap_id: int, fmt: str, path: str) -> str:
    """The job of an export: the stored version written to ``path`` in ``fmt``."""
    target = Path(path)
    try:
        if fmt in ("pretix", "native"):
            data = bo.export_seatmap(seatmap_id, fmt)
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        elif fmt == "svg":
            target.write_text(str(bo.export_seatmap(seatmap_id, "svg")), encoding="utf-8")
        elif fmt == "png":
            raise InvalidInput("A PNG is drawn on the UI thread: use SeatmapsPage.export.")
        else:
            raise InvalidInput(f"Unknown export format {fmt!r}.")
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    return str(target)


class SeatmapsPage(QWidget):
    def __init__(self, bo: BoxOffice, parent: QWidget | None = None):
        super().__init__(parent)
        self.bo = bo
        self.setObjectName("AreaPage")
        self.setStyleSheet(area_stylesheet(Branding.from_tenant(bo.tenant)))
        self.library: Library | None = None
        self.preview: Preview | None = None
        self._previews: dict[int, Preview] = {}
        self._loaded = False
        self._loading = False
        self._preview_pending: int | None = None
        self._select_after_load: int | None = None
        self._after_load: list[Callable[[], None]] = []
        self._load_again = False
        self.current: VersionRow | None = None  # the version in the editor (None: a new map, not saved yet)
        self.new_name = ""
        self.editor: Any = None
        self.dialog: QWidget | None = None  # the dialog that is up, for tests and to keep it alive
        self.saving = False
        self.may_move = bo.actor.can(Permission.MANAGE_EVENTS)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_library())
        self.editor_view = QWidget()
        self.stack.addWidget(self.editor_view)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.stack)

    # building: the library ---------------------------------------------------------------------------
    def _build_library(self) -> QWidget:
        view = QWidget()
        col = QVBoxLayout(view)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        header = AreaHeader(
            "Seatmaps",
            "Your halls and their versions. A published version never changes: editing it makes the next "
            "version, and events move to it when you say so.",
        )
        self.import_button = header.add(
            button("Import…", tip="Import a pretix seating plan or a box office seatmap file (.json)")
        )
        self.import_button.clicked.connect(self.choose_import)
        self.new_button = header.add(button("New map", primary=True, tip="Draw a new hall from an empty plan"))
        self.new_button.clicked.connect(self.new_map)
        col.addWidget(header)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        left = QVBoxLayout()
        left.setContentsMargins(24, 16, 20, 20)
        left.setSpacing(10)
        self.message = MessageLine()
        left.addWidget(self.message)
        self.model = versions_model(self)
        self.proxy = sorted_proxy(self.model, self)
        self.table = make_table(self.proxy, self.model.columns, object_name="SeatmapVersions")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        left.addWidget(self.table, 1)
        self.count_label = label("", "note")
        left.addWidget(self.count_label)
        body.addLayout(left, 1)
        body.addWidget(self._build_detail())
        col.addLayout(body, 1)
        return view

    def _build_detail(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("DetailPanel")
        panel.setFixedWidth(DETAIL_WIDTH)
        outer = QVBoxLayout(panel)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("DetailInner")
        inner.setStyleSheet("#DetailInner { background: #ffffff; }")
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
        actions.setStyleSheet("#DetailActions { background: #ffffff; border-top: 1px solid #eef0f2; }")
        row = QHBoxLayout(actions)
        row.setContentsMargins(24, 12, 24, 16)
        row.setSpacing(8)
        self.open_button = button("Open in editor", primary=True)
        self.open_button.clicked.connect(self.open_selected)
        self.publish_button = button("Publish…", tip="Check this draft and publish it")
        self.publish_button.clicked.connect(self.publish_selected)
        self.move_button = button("Move an event here…", tip="Give an event on an older version this version")
        self.move_button.clicked.connect(lambda: self.move_event_dialog(self.selected()))
        self.export_button = button("Export")
        menu = QMenu(self.export_button)
        for key, text, _filter, _suffix in EXPORTS:
            action = menu.addAction(text)
            action.setObjectName(f"export-{key}")
            action.triggered.connect(lambda _=False, k=key: self.choose_export(k))
        self.export_menu = menu
        self.export_button.setMenu(menu)
        row.addWidget(self.open_button)
        row.addWidget(self.publish_button)
        row.addWidget(self.move_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        outer.addWidget(actions)
        self._show_detail(None)
        return panel

    # building: the editor ----------------------------------------------------------------------------
    def _ensure_editor(self) -> Any:
        if self.editor is not None:
            return self.editor
        from editor._qt import SeatmapEditor

        col = QVBoxLayout(self.editor_view)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        bar = QFrame()
        bar.setObjectName("EditorBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(10)
        self.back_button = button("‹  All seatmaps", flat=True, tip="Back to the list of maps")
        self.back_button.clicked.connect(self.close_editor)
        row.addWidget(self.back_button)
        words = QVBoxLayout()
        words.setSpacing(1)
        head = QHBoxLayout()
        head.setSpacing(8)
        self.editor_title = label("", object_name="EditorTitle")
        head.addWidget(self.editor_title)
        self.editor_version_pill = Pill()
        self.editor_status_pill = Pill()
        head.addWidget(self.editor_version_pill)
        head.addWidget(self.editor_status_pill)
        head.addStretch(1)
        words.addLayout(head)
        self.editor_note = label("", object_name="EditorNote")
        # The note may be cut short in a narrow window (its tooltip has it all); it never widens the page.
        self.editor_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.editor_note.setMinimumWidth(80)
        words.addWidget(self.editor_note)
        row.addLayout(words, 1)
        self.unsaved_label = label("●  Unsaved changes", object_name="Unsaved")
        self.unsaved_label.hide()
        row.addWidget(self.unsaved_label)
        self.editor_move_button = button("Move event to this version…")
        self.editor_move_button.clicked.connect(lambda: self.move_event_dialog(self.current))
        row.addWidget(self.editor_move_button)
        # Save and Publish here too: the editor's own toolbar may not fit a narrow window.
        self.save_button = button("Save", tip="Save the plan (Ctrl+S)", name="EditorSave")
        self.save_button.clicked.connect(lambda: self.save())
        row.addWidget(self.save_button)
        self.publish_editor_button = button("Publish…", primary=True, tip="Check the plan and publish it")
        self.publish_editor_button.setObjectName("EditorPublish")
        self.publish_editor_button.clicked.connect(self.request_publish)
        row.addWidget(self.publish_editor_button)
        col.addWidget(bar)
        self.editor_message = MessageLine()
        wrap = QHBoxLayout()
        wrap.setContentsMargins(16, 8, 16, 0)
        wrap.addWidget(self.editor_message)
        col.addLayout(wrap)
        self.editor = SeatmapEditor(self.editor_view)
        self._hide_editor_own_buttons(self.editor)
        col.addWidget(self.editor, 1)
        self.editor.saveRequested.connect(lambda: self.save())
        self.editor.publishRequested.connect(self._publish_requested)
        self.editor.modifiedChanged.connect(lambda _m: self._update_bar())
        return self.editor

    @staticmethod
    def _hide_editor_own_buttons(editor: Any) -> None:
        """Save and Publish live in our bar (which says what they will do); the editor's own pair at the end
        of its toolbar would say the same twice, and falls off a narrow window. Ctrl+S and Ctrl+Shift+P
        still work (they are the editor's actions)."""
        bar = getattr(editor, "top_bar", None)
        if bar is None:
            return
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if widget is not None and widget.objectName() in ("Save", "Publish"):
                action.setVisible(False)

    # life --------------------------------------------------------------------------------------------
    def activate(self) -> None:
        if not self.editing:
            self.reload()

    def is_settled(self) -> bool:
        return self._loaded and not self._loading and self._preview_pending is None

    def shutdown(self) -> None:
        self.dialog = None

    @property
    def editing(self) -> bool:
        return self.stack.currentIndex() == 1

    def show_message(self, text: str, kind: str = "info") -> None:
        line = self.editor_message if self.editing else self.message
        line.show_message(text, kind)

    # the library -------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None, then: Callable[[], None] | None = None) -> None:
        """Load the library again (a load already running is followed by a fresh one); ``then`` once the
        rows are in."""
        if select_id is not None:
            self._select_after_load = select_id
        if then is not None:
            self._after_load.append(then)
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        self._load_again = False
        bo = self.bo

        def done(library: Library) -> None:
            self._loading = False
            if self._load_again:
                self.reload()
                return
            self._loaded = True
            keep = self._select_after_load or (self.selected().id if self.selected() else None)
            self._select_after_load = None
            self.library = library
            self.model.set_rows(library.versions)
            maps = len({r.series_id for r in library.versions})
            self.count_label.setText(
                f"{plural(maps, 'map')}, {plural(len(library.versions), 'version')}" if library.versions else ""
            )
            if not library.versions:
                self.message.show_message("No seatmap yet: import a pretix plan, or start a new map.", "info")
            kept = keep is not None and select_where(self.table, lambda r: r.id == keep)
            if not kept and self.proxy.rowCount():
                self.table.selectRow(0)
            self._selection_changed()
            if self.current is not None:
                fresh = library.find(self.current.id)
                if fresh is not None:
                    self.current = fresh
                    self._update_bar()
            callbacks, self._after_load = self._after_load, []
            for callback in callbacks:
                callback()

        def failed(_exc: BaseException, message: str) -> None:
            self._loading = False
            self._loaded = True
            self._after_load = []
            self.message.show_message(message, "error")

        run_job(lambda: load_library(bo), on_success=done, on_failure=failed, parent=self, name="seatmaps.library")

    def selected(self) -> VersionRow | None:
        return selected_record(self.table)

    def select(self, seatmap_id: int) -> bool:
        return select_where(self.table, lambda r: r.id == seatmap_id)

    def select_where(self, predicate: Callable[[VersionRow], bool]) -> bool:
        return select_where(self.table, predicate)

    def _selection_changed(self) -> None:
        row = self.selected()
        self._show_detail(row)
        if row is not None:
            self._load_preview(row.id)

    def _load_preview(self, seatmap_id: int) -> None:
        cached = self._previews.get(seatmap_id)
        if cached is not None:
            self._show_preview(cached)
            return
        self.preview_label.setPixmap(QPixmap())
        self.preview_label.setText("Drawing the plan…")
        self._preview_pending = seatmap_id
        bo = self.bo

        def done(doc: Any) -> None:
            preview = make_preview(seatmap_id, doc)
            self._previews[preview.seatmap_id] = preview
            if self._preview_pending == preview.seatmap_id:
                self._preview_pending = None
            row = self.selected()
            if row is not None and row.id == preview.seatmap_id:
                self._show_preview(preview)

        def failed(_exc: BaseException, message: str) -> None:
            if self._preview_pending == seatmap_id:
                self._preview_pending = None
            self.preview_label.setText("The plan cannot be drawn.")
            self.message.show_message(message, "error")

        run_job(
            lambda: load_document(bo, seatmap_id),
            on_success=done,
            on_failure=failed,
            parent=self,
            name="seatmaps.preview",
        )

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        width = DETAIL_WIDTH - 48 - 2
        pixmap = QPixmap.fromImage(preview.image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.preview_label.setText("")
        self.preview_label.setPixmap(pixmap)
        self.preview_label.setFixedHeight(min(pixmap.height() + 2, 380))
        while self.categories_box.count():
            item = self.categories_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for i, (name, colour, seats) in enumerate(preview.categories):
            dot = QLabel()
            dot.setFixedSize(12, 12)
            dot.setStyleSheet(f"background: {colour}; border-radius: 6px;")
            self.categories_box.addWidget(dot, i, 0)
            self.categories_box.addWidget(label(name), i, 1)
            count = label(plural(seats, "seat"), "note")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.categories_box.addWidget(count, i, 2)
        self.categories_box.setColumnStretch(1, 1)
        self.categories_title.setVisible(bool(preview.categories))

    def _show_detail(self, row: VersionRow | None) -> None:
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
        movable = self.library.movable_events(row) if self.library is not None else []
        allow(self.move_button, self.may_move, "Your role may not move events; ask a manager.")
        if self.may_move:
            self.move_button.setEnabled(bool(movable))
            self.move_button.setToolTip(
                "Give an event on an older version this version"
                if movable
                else "No event uses an older version of this map."
            )

    # opening and closing the editor ------------------------------------------------------------------
    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_version(row)

    def open_version(self, row: VersionRow) -> None:
        if self.can_leave(lambda: self._open_version(row)):
            self._open_version(row)

    def _open_version(self, row: VersionRow) -> None:
        bo = self.bo
        self.open_button.setEnabled(False)

        def done(doc: Any) -> None:
            self.open_button.setEnabled(True)
            editor = self._ensure_editor()
            editor.load(doc)
            self.current = row
            self.new_name = ""
            self.stack.setCurrentIndex(1)
            self.editor_message.clear_message()
            self._update_bar()
            editor.canvas.setFocus()

        def failed(_exc: BaseException, message: str) -> None:
            self.open_button.setEnabled(True)
            self.message.show_message(message, "error")

        run_job(
            lambda: bo.seatmap_document(row.id), on_success=done, on_failure=failed, parent=self, name="seatmaps.open"
        )

    def new_map(self) -> None:
        taken = sorted({r.name for r in self.library.versions}) if self.library else []
        self.dialog = NewMapDialog(self, self._start_new_map, taken)
        self.dialog.open()

    def _start_new_map(self, name: str) -> None:
        from editor._qt import new_document

        editor = self._ensure_editor()
        editor.load(new_document(name))
        self.current = None
        self.new_name = name
        self.stack.setCurrentIndex(1)
        self.editor_message.show_message(
            "A new map: draw rows and blocks with the tools on the left, then Save. It stays a draft until you "
            "publish it.",
            "info",
        )
        self._update_bar()

    def close_editor(self) -> None:
        if self.can_leave(self._close_editor):
            self._close_editor()

    def _close_editor(self) -> None:
        keep = self.current.id if self.current is not None else None
        self.current = None
        self.new_name = ""
        self.stack.setCurrentIndex(0)
        if self.editor is not None and self.editor.is_modified():
            from editor._qt import new_document

            self.editor.load(new_document())  # the discarded changes go with their undo history
        self.reload(select_id=keep)

    def can_leave(self, then: Callable[[], None] | None = None) -> bool:
        """True when nothing unsaved is in the editor; otherwise ask (Save / Discard / Cancel), call
        ``then`` once the changes are saved or discarded, and return False."""
        if not self.editing or self.editor is None or not self.editor.is_modified():
            return True
        cur = self.current
        name = cur.name if cur is not None else self.new_name
        if cur is None:
            info = "It has never been saved: discarding throws the new map away."
        elif cur.published:
            nxt = self.library.next_version(cur.series_id) if self.library else cur.version + 1
            info = f"Version {cur.version} is published and never changes: saving makes version {nxt}, a draft."
        else:
            info = f"Saving keeps them in draft version {cur.version}."

        def chosen(key: str) -> None:
            self.dialog = None
            if key == "save":
                self._save_now(then=lambda: self._left(then))
            elif key == "discard":
                self.editor.mark_saved()
                self._close_editor()
                if then is not None:
                    then()

        self.dialog = ask(
            self,
            "Unsaved changes",
            f"Save your changes to {name}?",
            info,
            [("save", "Save", ACCEPT), ("discard", "Discard changes", DESTRUCTIVE), ("cancel", "Cancel", REJECT)],
            chosen,
            default="save",
            icon=QMessageBox.Icon.Warning,
        )
        return False

    def _left(self, then: Callable[[], None] | None) -> None:
        if then is not None:
            then()

    # the bar above the editor ------------------------------------------------------------------------
    def _update_bar(self) -> None:
        if self.editor is None:
            return
        cur = self.current
        modified = self.editor.is_modified()
        self.unsaved_label.setVisible(modified)
        if cur is None:
            self.editor_title.setText(self.new_name or "New map")
            self.editor_version_pill.set("New", "info")
            self.editor_status_pill.set("Not saved yet", "muted")
            self._note("Saving stores it as version 1, a draft.")
        else:
            self.editor_title.setText(cur.name)
            self.editor_version_pill.set(f"Version {cur.version}", "neutral")
            self.editor_status_pill.set(cur.status_text, "ok" if cur.published else "draft")
            if cur.published:
                nxt = self.library.next_version(cur.series_id) if self.library else cur.version + 1
                self._note(
                    f"Published versions never change: saving makes version {nxt}, a draft. "
                    f"Events stay on version {cur.version} until you move them."
                )
            else:
                self._note(
                    "Draft: saving keeps it in place. Publish it when the check is green; events can then move to it."
                )
        if cur is not None and cur.published:
            nxt = self.library.next_version(cur.series_id) if self.library else cur.version + 1
            self.save_button.setText(f"Save as version {nxt}")
        else:
            self.save_button.setText("Save")
        self.save_button.setEnabled(modified and not self.saving)
        can_move = cur is not None and cur.published and not modified
        self.editor_move_button.setVisible(cur is not None and cur.published)
        if not self.may_move:
            allow(self.editor_move_button, False, "Your role may not move events; ask a manager.")
        else:
            self.editor_move_button.setEnabled(can_move)
            self.editor_move_button.setToolTip(
                "Give an event on an older version of this map this version"
                if can_move
                else "Save (and publish) your changes first"
            )

    def _note(self, text: str) -> None:
        self.editor_note.setText(text)
        self.editor_note.setToolTip(text)

    # saving ------------------------------------------------------------------------------------------
    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the editor's plan: a draft in place; over a published version, the next version (asked)."""
        if not self.editing or self.editor is None or self.saving:
            return
        cur = self.current
        if cur is not None and cur.published:
            nxt = self.library.next_version(cur.series_id) if self.library else cur.version + 1

            def chosen(key: str) -> None:
                self.dialog = None
                if key == "save":
                    self._save_now(then)

            self.dialog = ask(
                self,
                "Save as a new version",
                f"Version {cur.version} of {cur.name} is published: it never changes.",
                f"Saving makes version {nxt}, a draft. Events stay on version {cur.version} until you publish "
                f"version {nxt} and move them to it.",
                [("save", f"Save as version {nxt}", ACCEPT), ("cancel", "Cancel", REJECT)],
                chosen,
                default="save",
            )
            return
        self._save_now(then)

    def _save_now(self, then: Callable[[], None] | None = None) -> None:
        from editor.formats.native import dump_native, load_native

        editor = self.editor
        # The job saves a copy: the editor's document keeps changing under the user's hands meanwhile.
        snapshot = load_native(dump_native(editor.document()))
        index = editor.undo_stack.index()
        was = self.current
        seatmap_id = was.id if was is not None else None
        name = None if was is not None else (self.new_name or None)
        bo = self.bo
        self._set_saving(True)

        def done(info: Any) -> None:
            self._set_saving(False)
            if editor.undo_stack.index() == index:
                editor.mark_saved()
            same = was is not None and was.id == info.id
            self.current = VersionRow.from_info(info, was.events if same else (), was.latest if was else 0)
            self.new_name = ""
            if was is None:
                text = f"Saved {info.name} as version {info.version}, a draft. Publish it when the check is green."
            elif same:
                text = f"Draft version {info.version} of {info.name} saved."
            else:
                text = (
                    f"Saved as version {info.version}, a draft. Version {was.version} stays published as it was; "
                    f"publish version {info.version}, then move events to it."
                )
            self.editor_message.show_message(text, "ok")
            self._update_bar()
            self.reload(select_id=info.id)
            if then is not None:
                then()

        def failed(_exc: BaseException, message: str) -> None:
            self._set_saving(False)
            self.editor_message.show_message(message, "error")

        run_job(
            lambda: bo.save_seatmap(snapshot, seatmap_id=seatmap_id, name=name),
            on_success=done,
            on_failure=failed,
            parent=self,
            name="seatmaps.save",
        )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        if self.editor is not None:
            for key in ("save", "publish"):
                self.editor.actions_by_name[key].setEnabled(not saving)
        self.back_button.setEnabled(not saving)
        self.save_button.setEnabled(not saving and self.editor is not None and self.editor.is_modified())
        self.publish_editor_button.setEnabled(not saving)

    # publishing --------------------------------------------------------------------------------------
    def request_publish(self) -> bool:
        """What the editor's Publish button does: the editor's check, then (signal) ours."""
        return bool(self.editor is not None and self.editor.request_publish())

    def _publish_requested(self) -> None:
        cur = self.current
        modified = self.editor.is_modified() or cur is None
        if not modified and cur.published:
            self.editor_message.show_message(
                f"Version {cur.version} of {cur.name} is already published. Change it and save to make the next "
                "version.",
                "info",
            )
            return
        if modified:
            if cur is None:
                n, name = 1, self.new_name
            elif cur.published:
                n, name = (self.library.next_version(cur.series_id) if self.library else cur.version + 1), cur.name
            else:
                n, name = cur.version, cur.name

            def chosen(key: str) -> None:
                self.dialog = None
                if key == "publish":
                    self._save_now(then=lambda: self._publish(self.current))

            self.dialog = ask(
                self,
                "Save and publish",
                f"Save your changes and publish them as version {n} of {name}?",
                "A published version never changes: later edits make the next version. Events stay on their "
                "version until you move them.",
                [("publish", f"Save and publish version {n}", ACCEPT), ("cancel", "Cancel", REJECT)],
                chosen,
                default="publish",
            )
            return
        self._confirm_publish(cur)

    def _confirm_publish(self, row: VersionRow) -> None:
        def chosen(key: str) -> None:
            self.dialog = None
            if key == "publish":
                self._publish(row)

        self.dialog = ask(
            self,
            "Publish",
            f"Publish version {row.version} of {row.name}?",
            "A published version never changes: later edits make the next version. Events stay on their version "
            "until you move them.",
            [("publish", f"Publish version {row.version}", ACCEPT), ("cancel", "Cancel", REJECT)],
            chosen,
            default="publish",
        )

    def publish_selected(self) -> None:
        row = self.selected()
        if row is not None and not row.published:
            self._confirm_publish(row)

    def _publish(self, row: VersionRow | None) -> None:
        if row is None:
            return
        bo = self.bo

        def done(info: Any) -> None:
            fresh = VersionRow.from_info(info, row.events, row.latest)
            if self.current is not None and self.current.id == info.id:
                self.current = fresh
                self._update_bar()
            older = self.library.movable_events(fresh) if self.library else []
            then = (
                f" {plural(len(older), 'event')} still on an older version: move {'it' if len(older) == 1 else 'them'} "
                "when you are ready."
                if older
                else ""
            )
            self.show_message(f"Version {info.version} of {info.name} is published.{then}", "ok")
            self.reload(select_id=info.id)

        def failed(_exc: BaseException, message: str) -> None:
            self.show_message(message, "error")

        run_job(
            lambda: bo.publish_seatmap(row.id), on_success=done, on_failure=failed, parent=self, name="seatmaps.publish"
        )

    # moving an event ---------------------------------------------------------------------------------
    def move_event_dialog(self, target: VersionRow | None) -> None:
        if target is None or not target.published:
            self.show_message("Publish this version first; events move to published versions only.", "info")
            return
        events = self.library.movable_events(target) if self.library else []
        if not events:
            self.show_message(f"No event uses an older version of {target.name}.", "info")
            return
        self.dialog = MoveEventDialog(self, target, events, lambda ev: self.move_event(ev, target))
        self.dialog.open()

    def move_event(self, event: EventUse, target: VersionRow, prices: dict[str, dict[str, Decimal]] | None = None):
        bo = self.bo

        def work() -> Any:
            return bo.move_event(event.id, target.id, prices=prices)

        def done(result: Any) -> None:
            self.dialog = None
            parts = [plural(result.kept, "seat") + " kept"]
            if result.added:
                parts.append(f"{result.added} added")
            if result.retired:
                parts.append(f"{result.retired} retired")
            if result.changed:
                parts.append(f"{result.changed} redrawn")
            self.show_message(
                f"{event.name} now uses version {target.version} of {target.name}: {', '.join(parts)}.", "ok"
            )
            self.reload(select_id=target.id)

        def failed(exc: BaseException, message: str) -> None:
            if isinstance(exc, events_svc.MissingPrices):
                self.dialog = PricesDialog(
                    self, event, target, tuple(exc.categories), lambda p: self.move_event(event, target, p)
                )
                self.dialog.open()
                return
            seats = getattr(exc, "seats", None)
            if isinstance(exc, events_svc.RemapRefused) and seats:
                self.show_message(
                    f"{event.name} stays on version {event.version}: {plural(len(seats), 'held or sold seat')} "
                    "would vanish or change.",
                    "error",
                )
                self.dialog = RemapRefusedDialog(self, event.name, target, seats)
                self.dialog.open()
                return
            self.show_message(message, "error")

        run_job(work, on_success=done, on_failure=failed, parent=self, name="seatmaps.move_event")

    # import and export -------------------------------------------------------------------------------
    def choose_import(self) -> None:
        self.dialog = file_dialog(
            self,
            "Import a seating plan",
            self.import_file,
            save=False,
            filters=["Seating plans (*.json)", "All files (*)"],
        )

    def import_file(self, path: str) -> None:
        bo = self.bo
        self.import_button.setEnabled(False)
        self.message.show_message(f"Importing {Path(path).name}…", "info")

        def done(seatmap_id: int) -> None:
            self.import_button.setEnabled(True)
            self.dialog = None

            def loaded() -> None:
                row = self.library.find(seatmap_id) if self.library else None
                if row is not None:
                    self.message.show_message(
                        f"Imported {row.name} as version 1, published: {plural(row.seat_count, 'seat')}.", "ok"
                    )

            self.reload(select_id=seatmap_id, then=loaded)

        def failed(_exc: BaseException, message: str) -> None:
            self.import_button.setEnabled(True)
            self.dialog = None
            self.message.show_message(message, "error")

        run_job(
            lambda: bo.import_seatmap(path, format=None),
            on_success=done,
            on_failure=failed,
            parent=self,
            name="seatmaps.import",
        )

    def choose_export(self, fmt: str) -> None:
        row = self.selected()
        if row is None:
            return
        _key, _text, name_filter, suffix = next(e for e in EXPORTS if e[0] == fmt)
        self.dialog = file_dialog(
            self,
            f"Export {row.name}, version {row.version}",
            lambda path: self.export(row, fmt, path),
            save=True,
            filters=[name_filter],
            suffix=suffix,
            name=f"{_file_stem(row.name)} v{row.version}{'.pretix' if fmt == 'pretix' else ''}.{suffix}",
        )

    def export(self, row: VersionRow, fmt: str, path: str) -> None:
        bo = self.bo
        if fmt == "png":
            self._export_png(row, path)
            return

        def done(written: str) -> None:
            self.dialog = None
            self.message.show_message(f"Exported {row.name}, version {row.version}, to {written}.", "ok")

        def failed(_exc: BaseException, message: str) -> None:
            self.dialog = None
            self.message.show_message(message, "error")

        run_job(
            lambda: export_to_file(bo, row.id, fmt, path),
            on_success=done,
            on_failure=failed,
            parent=self,
            name=f"seatmaps.export.{fmt}",
        )

    def _export_png(self, row: VersionRow, path: str) -> None:
        """Three steps: the document (a job), the picture (here: painting text stays on one thread), the
        file (a job: encoding a large PNG takes a moment)."""
        bo = self.bo

        def failed(_exc: BaseException, message: str) -> None:
            self.dialog = None
            self.message.show_message(message, "error")

        def saved(written: str) -> None:
            self.dialog = None
            self.message.show_message(f"Exported {row.name}, version {row.version}, to {written}.", "ok")

        def draw(doc: Any) -> None:
            from editor._qt import render_image

            try:
                image = render_image(doc, PNG_EXPORT_WIDTH)
            except ValueError as exc:
                failed(exc, str(exc))
                return

            def write() -> str:
                if not image.save(path, "PNG"):
                    raise InvalidInput(f"Cannot write {path}.")
                return path

            run_job(write, on_success=saved, on_failure=failed, parent=self, name="seatmaps.export.png.write")

        run_job(
            lambda: load_document(bo, row.id),
            on_success=draw,
            on_failure=failed,
            parent=self,
            name="seatmaps.export.png",
        )

    # branding ----------------------------------------------------------------------------------------
    def apply_branding(self, branding: Branding) -> None:
        self.setStyleSheet(area_stylesheet(branding))
