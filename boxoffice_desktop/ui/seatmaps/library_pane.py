"""The library: every version of every map (name, version, draft or published, seats, the events that use it)
in a sortable table, "New map" and "Import…" above it, and beside it the selected version
(:class:`VersionDetail`). Loading the library is one job, each version's picture another (drawn on the UI
thread when its document is in, and kept). What the buttons ask for goes out as signals: the page gives it
to the part that does it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from boxoffice_desktop.ui.kit.areas import AreaHeader, button
from boxoffice_desktop.ui.kit.formats import plural
from boxoffice_desktop.ui.kit.labels import MessageLine, label
from boxoffice_desktop.ui.kit.tables import make_table, select_where, selected_record, sorted_proxy
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.seatmaps.library import (
    Library,
    Preview,
    VersionRow,
    load_document,
    load_library,
    make_preview,
    versions_model,
)
from boxoffice_desktop.ui.seatmaps.version_detail import VersionDetail

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice
    from editor.model import SeatingDocument


class LibraryPane(QWidget):
    """The stored maps and their versions. Signals: ``openRequested(VersionRow)``, ``newRequested()``,
    ``importRequested()``, ``publishRequested(VersionRow)`` (a draft), ``moveRequested(VersionRow)``,
    ``exportRequested(VersionRow, format)``, and ``loaded(Library)`` once fresh rows are in (before the
    callbacks given to :meth:`reload`)."""

    openRequested = Signal(object)
    newRequested = Signal()
    importRequested = Signal()
    publishRequested = Signal(object)
    moveRequested = Signal(object)
    exportRequested = Signal(object, str)
    loaded = Signal(object)

    def __init__(self, bo: BoxOffice, may_move: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.bo = bo
        self.library: Library | None = None
        self._previews: dict[int, Preview] = {}
        self._loaded = False
        self._loading = False
        self._load_again = False
        self._preview_pending: int | None = None
        self._select_after_load: int | None = None
        self._after_load: list[Callable[[], None]] = []

        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        header = AreaHeader(
            "Seatmaps",
            "Your halls and their versions. A published version never changes: editing it makes the next "
            "version, and events move to it when you say so.",
        )
        self.import_button = button("Import…", tip="Import a pretix seating plan or a box office seatmap file (.json)")
        header.add(self.import_button)
        self.import_button.clicked.connect(self.importRequested.emit)
        self.new_button = button("New map", primary=True, tip="Draw a new hall from an empty plan")
        header.add(self.new_button)
        self.new_button.clicked.connect(self.newRequested.emit)
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
        self.table.doubleClicked.connect(lambda _i: self._open_selected())
        left.addWidget(self.table, 1)
        self.count_label = label("", "note")
        left.addWidget(self.count_label)
        body.addLayout(left, 1)
        self.detail = VersionDetail(may_move)
        detail = self.detail
        detail.open_button.clicked.connect(self._open_selected)
        detail.publish_button.clicked.connect(self._publish_selected)
        detail.move_button.clicked.connect(lambda: self.moveRequested.emit(self.selected()))
        detail.exportChosen.connect(self._export_selected)
        body.addWidget(detail)
        col.addLayout(body, 1)

    @property
    def preview(self) -> Preview | None:
        """The picture shown beside the table."""
        return self.detail.preview

    def is_settled(self) -> bool:
        return self._loaded and not self._loading and self._preview_pending is None

    # the buttons -------------------------------------------------------------------------------------
    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.openRequested.emit(row)

    def _publish_selected(self) -> None:
        row = self.selected()
        if row is not None and not row.published:
            self.publishRequested.emit(row)

    def _export_selected(self, fmt: str) -> None:
        row = self.selected()
        if row is not None:
            self.exportRequested.emit(row, fmt)

    # loading -----------------------------------------------------------------------------------------
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
            shown = self.selected()
            keep = self._select_after_load or (shown.id if shown is not None else None)
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
            self.loaded.emit(library)
            callbacks, self._after_load = self._after_load, []
            for callback in callbacks:
                callback()

        def failed(_exc: BaseException, message: str) -> None:
            self._loading = False
            self._loaded = True
            self._after_load = []
            self.message.show_message(message, "error")

        run_job(lambda: load_library(bo), on_success=done, on_failure=failed, parent=self, name="seatmaps.library")

    # the selection -----------------------------------------------------------------------------------
    def selected(self) -> VersionRow | None:
        row = selected_record(self.table)
        return row if isinstance(row, VersionRow) else None

    def select(self, seatmap_id: int) -> bool:
        return select_where(self.table, lambda r: r.id == seatmap_id)

    def select_where(self, predicate: Callable[[VersionRow], bool]) -> bool:
        return select_where(self.table, predicate)

    def _selection_changed(self) -> None:
        row = self.selected()
        movable = bool(row is not None and self.library is not None and self.library.movable_events(row))
        self.detail.show_version(row, movable)
        if row is not None:
            self._load_preview(row.id)

    def _load_preview(self, seatmap_id: int) -> None:
        cached = self._previews.get(seatmap_id)
        if cached is not None:
            self.detail.show_preview(cached)
            return
        self.detail.show_drawing()
        self._preview_pending = seatmap_id
        bo = self.bo

        def done(doc: SeatingDocument) -> None:
            preview = make_preview(seatmap_id, doc)
            self._previews[preview.seatmap_id] = preview
            if self._preview_pending == preview.seatmap_id:
                self._preview_pending = None
            row = self.selected()
            if row is not None and row.id == preview.seatmap_id:
                self.detail.show_preview(preview)

        def failed(_exc: BaseException, message: str) -> None:
            if self._preview_pending == seatmap_id:
                self._preview_pending = None
            self.detail.show_undrawable()
            self.message.show_message(message, "error")

        run_job(
            lambda: load_document(bo, seatmap_id),
            on_success=done,
            on_failure=failed,
            parent=self,
            name="seatmaps.preview",
        )
