"""The Seatmaps area (managers and administrators): the stored maps with their versions, and the editor.

Two views in one page, and the parts that do the work:

- the library (:class:`~.library_pane.LibraryPane`): every version of every map in a sortable table, and
  beside it the selected version (:class:`~.version_detail.VersionDetail`); "New map" and "Import…" above;
- the editor (:class:`~.editor_host.EditorHost`): ``editor._qt.SeatmapEditor`` under a bar that says which
  version is open and what saving will do; saving, publishing, and the unsaved-changes question;
- moving an event to a version (:class:`~.event_moves.EventMoves`), with its prices and refusal dialogs;
- imports and exports through file dialogs (:class:`~.import_export.SeatmapFiles`).

The page wires the library's requests to the parts and gives them what they share (``SeatmapsArea``: the
session, the dialog that is up, the library, the message line of what is shown). Every database call is a
job; a refusal is one calm line (or, for a refused move, a dialog listing the seats).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.kit.area_page import AreaPage
from boxoffice_desktop.ui.kit.areas import area_stylesheet
from boxoffice_desktop.ui.seatmaps.editor_host import EditorHost
from boxoffice_desktop.ui.seatmaps.event_moves import EventMoves
from boxoffice_desktop.ui.seatmaps.import_export import SeatmapFiles
from boxoffice_desktop.ui.seatmaps.library import EventUse, Library, Preview, VersionRow
from boxoffice_desktop.ui.seatmaps.library_pane import LibraryPane
from boxoffice_desktop.ui.theme import Branding

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice
    from editor._qt.seatmap_editor import SeatmapEditor


class SeatmapsPage(AreaPage):
    def __init__(self, bo: BoxOffice, parent: QWidget | None = None):
        super().__init__(parent)
        self.bo = bo
        self.setObjectName("AreaPage")
        self.setStyleSheet(area_stylesheet(Branding.from_tenant(bo.tenant)))
        self.dialog: QWidget | None = None  # the dialog that is up, for tests and to keep it alive
        self.may_move = bo.actor.can(Permission.MANAGE_EVENTS)

        self.library_pane = pane = LibraryPane(bo, self.may_move)
        self.editor_host = host = EditorHost(self, self.may_move)
        self.moves = EventMoves(self, self)
        self.files = SeatmapFiles(self, pane)
        self.stack = QStackedWidget()
        self.stack.addWidget(pane)
        self.stack.addWidget(host)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.stack)

        pane.openRequested.connect(host.open_version)
        pane.newRequested.connect(host.new_map)
        pane.publishRequested.connect(host.confirm_publish)
        pane.moveRequested.connect(self.moves.move_event_dialog)
        pane.importRequested.connect(self.files.choose_import)
        pane.exportRequested.connect(self.files.choose_export)
        pane.loaded.connect(host.library_loaded)
        host.openingChanged.connect(lambda busy: pane.detail.open_button.setEnabled(not busy))
        host.moveRequested.connect(self.moves.move_event_dialog)

        # The widgets by the names tests and callers know.
        detail, bar = pane.detail, host.bar
        self.model = pane.model
        self.table = pane.table
        self.message = pane.message
        self.import_button = pane.import_button
        self.new_button = pane.new_button
        self.open_button = detail.open_button
        self.publish_button = detail.publish_button
        self.move_button = detail.move_button
        self.export_button = detail.export_button
        self.export_menu = detail.export_menu
        self.back_button = bar.back_button
        self.editor_title = bar.editor_title
        self.editor_version_pill = bar.editor_version_pill
        self.editor_status_pill = bar.editor_status_pill
        self.editor_note = bar.editor_note
        self.unsaved_label = bar.unsaved_label
        self.editor_move_button = bar.editor_move_button
        self.save_button = bar.save_button
        self.publish_editor_button = bar.publish_editor_button
        self.editor_message = host.editor_message

    # what the main window asks -----------------------------------------------------------------------
    def activate(self) -> None:
        if not self.editing:
            self.reload()

    def can_leave(self, then: Callable[[], None] | None = None) -> bool:
        """True when nothing unsaved is in the editor; otherwise ask (Save / Discard / Cancel), call
        ``then`` once the changes are saved or discarded, and return False."""
        return self.editor_host.can_leave(then)

    def is_settled(self) -> bool:
        return self.library_pane.is_settled()

    def shutdown(self) -> None:
        self.dialog = None

    def apply_branding(self, branding: Branding) -> None:
        self.setStyleSheet(area_stylesheet(branding))

    # SeatmapsArea: what the parts share --------------------------------------------------------------
    @property
    def library(self) -> Library | None:
        return self.library_pane.library

    @property
    def editing(self) -> bool:
        return self.stack.currentWidget() is self.editor_host

    def show_editor(self, shown: bool) -> None:
        self.stack.setCurrentWidget(self.editor_host if shown else self.library_pane)

    def show_message(self, text: str, kind: str = "info") -> None:
        line = self.editor_message if self.editing else self.message
        line.show_message(text, kind)

    def reload(self, select_id: int | None = None, then: Callable[[], None] | None = None) -> None:
        self.library_pane.reload(select_id, then)

    # state -------------------------------------------------------------------------------------------
    @property
    def current(self) -> VersionRow | None:
        """The version in the editor (None: a new map, not saved yet, or the editor is not open)."""
        return self.editor_host.current

    @property
    def editor(self) -> SeatmapEditor | None:
        """The editor, once it was opened."""
        return self.editor_host.editor

    @property
    def preview(self) -> Preview | None:
        return self.library_pane.preview

    # actions, by the names they had ------------------------------------------------------------------
    def selected(self) -> VersionRow | None:
        return self.library_pane.selected()

    def select(self, seatmap_id: int) -> bool:
        return self.library_pane.select(seatmap_id)

    def select_where(self, predicate: Callable[[VersionRow], bool]) -> bool:
        return self.library_pane.select_where(predicate)

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_version(row)

    def open_version(self, row: VersionRow) -> None:
        self.editor_host.open_version(row)

    def new_map(self) -> None:
        self.editor_host.new_map()

    def close_editor(self) -> None:
        self.editor_host.close_editor()

    def save(self, then: Callable[[], None] | None = None) -> None:
        self.editor_host.save(then)

    def request_publish(self) -> bool:
        return self.editor_host.request_publish()

    def publish_selected(self) -> None:
        row = self.selected()
        if row is not None and not row.published:
            self.editor_host.confirm_publish(row)

    def move_event_dialog(self, target: VersionRow | None) -> None:
        self.moves.move_event_dialog(target)

    def move_event(
        self, event: EventUse, target: VersionRow, prices: dict[str, dict[str, Decimal]] | None = None
    ) -> None:
        self.moves.move_event(event, target, prices)

    def choose_import(self) -> None:
        self.files.choose_import()

    def import_file(self, path: str) -> None:
        self.files.import_file(path)

    def choose_export(self, fmt: str) -> None:
        row = self.selected()
        if row is not None:
            self.files.choose_export(row, fmt)

    def export(self, row: VersionRow, fmt: str, path: str) -> None:
        self.files.export(row, fmt, path)
