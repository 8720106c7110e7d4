"""The editor in the Seatmaps area (``editor._qt.SeatmapEditor``, made on first use) under the bar that says
which version is open and what saving will do.

A draft is saved in place; saving over a published version makes the next version as a draft (asked before,
said after). Publishing runs the editor's check first (``request_publish``), then the service's. Leaving with
unsaved changes asks first (``can_leave``, also asked by the main window before it switches areas). Opening,
saving and publishing are one job each; the job saves a copy of the document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QVBoxLayout, QWidget

from boxoffice_desktop.ui.kit.asking import ask
from boxoffice_desktop.ui.kit.formats import plural
from boxoffice_desktop.ui.kit.labels import MessageLine
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.seatmaps.dialogs import NewMapDialog
from boxoffice_desktop.ui.seatmaps.editor_bar import EditorBar
from boxoffice_desktop.ui.seatmaps.library import Library, VersionRow

if TYPE_CHECKING:
    from boxoffice_desktop.services.seatmaps import SeatmapInfo
    from boxoffice_desktop.ui.seatmaps.area import SeatmapsArea
    from editor._qt.seatmap_editor import SeatmapEditor  # by its module: mypy cannot see editor._qt's lazy names
    from editor.model import SeatingDocument

ACCEPT = QMessageBox.ButtonRole.AcceptRole
REJECT = QMessageBox.ButtonRole.RejectRole
DESTRUCTIVE = QMessageBox.ButtonRole.DestructiveRole


class EditorHost(QWidget):
    """Signals: ``openingChanged(bool)`` while a version's document is on its way, ``moveRequested(VersionRow)``
    from the bar's move button."""

    openingChanged = Signal(bool)
    moveRequested = Signal(object)

    def __init__(self, area: SeatmapsArea, may_move: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.area = area
        self.current: VersionRow | None = None  # the version in the editor (None: a new map, not saved yet)
        self.new_name = ""
        self.editor: SeatmapEditor | None = None
        self.saving = False

        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self.bar = bar = EditorBar(may_move)
        bar.back_button.clicked.connect(self.close_editor)
        bar.editor_move_button.clicked.connect(lambda: self.moveRequested.emit(self.current))
        bar.save_button.clicked.connect(lambda: self.save())
        bar.publish_editor_button.clicked.connect(self.request_publish)
        self._column.addWidget(bar)
        self.editor_message = MessageLine()
        wrap = QHBoxLayout()
        wrap.setContentsMargins(16, 8, 16, 0)
        wrap.addWidget(self.editor_message)
        self._column.addLayout(wrap)

    def _ensure_editor(self) -> SeatmapEditor:
        if self.editor is not None:
            return self.editor
        from editor._qt.seatmap_editor import SeatmapEditor

        editor = SeatmapEditor(self)
        self.editor = editor
        self._hide_editor_own_buttons(editor)
        self._column.addWidget(editor, 1)
        editor.saveRequested.connect(lambda: self.save())
        editor.publishRequested.connect(self._publish_requested)
        editor.modifiedChanged.connect(lambda _m: self._update_bar())
        return editor

    @staticmethod
    def _hide_editor_own_buttons(editor: SeatmapEditor) -> None:
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

    # what the area tells it --------------------------------------------------------------------------
    def library_loaded(self, library: Library) -> None:
        """The library was loaded again: the version in the editor as it is stored now."""
        if self.current is not None:
            fresh = library.find(self.current.id)
            if fresh is not None:
                self.current = fresh
                self._update_bar()

    def _next_version(self, row: VersionRow) -> int:
        library = self.area.library
        return library.next_version(row.series_id) if library else row.version + 1

    def _ask(
        self,
        title: str,
        text: str,
        informative: str,
        choices: list[tuple[str, str, QMessageBox.ButtonRole]],
        on_choice: Callable[[str], None],
        *,
        default: str,
        icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    ) -> None:
        """A question (see ``ask``) kept as the area's dialog; its words quote map names as they were typed."""

        def chosen(key: str) -> None:
            self.area.dialog = None
            on_choice(key)

        box = ask(self, title, text, informative, choices, chosen, default=default, icon=icon)
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.area.dialog = box

    # opening and closing -----------------------------------------------------------------------------
    def open_version(self, row: VersionRow) -> None:
        if self.can_leave(lambda: self._open_version(row)):
            self._open_version(row)

    def _open_version(self, row: VersionRow) -> None:
        bo = self.area.bo
        self.openingChanged.emit(True)

        def done(doc: SeatingDocument) -> None:
            self.openingChanged.emit(False)
            editor = self._ensure_editor()
            editor.load(doc)
            self.current = row
            self.new_name = ""
            self.area.show_editor(True)
            self.editor_message.clear_message()
            self._update_bar()
            editor.canvas.setFocus()

        def failed(_exc: BaseException, message: str) -> None:
            self.openingChanged.emit(False)
            self.area.show_message(message, "error")

        run_job(
            lambda: bo.seatmap_document(row.id), on_success=done, on_failure=failed, parent=self, name="seatmaps.open"
        )

    def new_map(self) -> None:
        library = self.area.library
        taken = sorted({r.name for r in library.versions}) if library else []
        self.area.dialog = NewMapDialog(self, self._start_new_map, taken)
        self.area.dialog.open()

    def _start_new_map(self, name: str) -> None:
        from editor._qt.seatmap_editor import new_document

        editor = self._ensure_editor()
        editor.load(new_document(name))
        self.current = None
        self.new_name = name
        self.area.show_editor(True)
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
        self.area.show_editor(False)
        if self.editor is not None and self.editor.is_modified():
            from editor._qt.seatmap_editor import new_document

            self.editor.load(new_document())  # the discarded changes go with their undo history
        self.area.reload(select_id=keep)

    def can_leave(self, then: Callable[[], None] | None = None) -> bool:
        """True when nothing unsaved is in the editor; otherwise ask (Save / Discard / Cancel), call
        ``then`` once the changes are saved or discarded, and return False."""
        editor = self.editor
        if not self.area.editing or editor is None or not editor.is_modified():
            return True
        cur = self.current
        name = cur.name if cur is not None else self.new_name
        if cur is None:
            info = "It has never been saved: discarding throws the new map away."
        elif cur.published:
            info = (
                f"Version {cur.version} is published and never changes: saving makes version "
                f"{self._next_version(cur)}, a draft."
            )
        else:
            info = f"Saving keeps them in draft version {cur.version}."

        def chosen(key: str) -> None:
            if key == "save":
                self._save_now(then=then)
            elif key == "discard":
                editor.mark_saved()
                self._close_editor()
                if then is not None:
                    then()

        self._ask(
            "Unsaved changes",
            f"Save your changes to {name}?",
            info,
            [("save", "Save", ACCEPT), ("discard", "Discard changes", DESTRUCTIVE), ("cancel", "Cancel", REJECT)],
            chosen,
            default="save",
            icon=QMessageBox.Icon.Warning,
        )
        return False

    # the bar -----------------------------------------------------------------------------------------
    def _update_bar(self) -> None:
        if self.editor is None:
            return
        cur = self.current
        self.bar.show_state(
            cur,
            self.new_name,
            self._next_version(cur) if cur is not None else 1,
            modified=self.editor.is_modified(),
            saving=self.saving,
        )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        if self.editor is not None:
            for key in ("save", "publish"):
                self.editor.actions_by_name[key].setEnabled(not saving)
        self.bar.set_saving(saving, modified=self.editor is not None and self.editor.is_modified())

    # saving ------------------------------------------------------------------------------------------
    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the editor's plan: a draft in place; over a published version, the next version (asked)."""
        if not self.area.editing or self.editor is None or self.saving:
            return
        cur = self.current
        if cur is not None and cur.published:
            nxt = self._next_version(cur)
            self._ask(
                "Save as a new version",
                f"Version {cur.version} of {cur.name} is published: it never changes.",
                f"Saving makes version {nxt}, a draft. Events stay on version {cur.version} until you publish "
                f"version {nxt} and move them to it.",
                [("save", f"Save as version {nxt}", ACCEPT), ("cancel", "Cancel", REJECT)],
                lambda key: self._save_now(then) if key == "save" else None,
                default="save",
            )
            return
        self._save_now(then)

    def _save_now(self, then: Callable[[], None] | None = None) -> None:
        from editor.formats.native import dump_native, load_native

        editor = self.editor
        assert editor is not None
        # The job saves a copy: the editor's document keeps changing under the user's hands meanwhile.
        snapshot = load_native(dump_native(editor.document()))
        index = editor.undo_stack.index()
        was = self.current
        seatmap_id = was.id if was is not None else None
        name = None if was is not None else (self.new_name or None)
        bo = self.area.bo
        self._set_saving(True)

        def done(info: SeatmapInfo) -> None:
            self._set_saving(False)
            if editor.undo_stack.index() == index:
                editor.mark_saved()
            same = was is not None and was.id == info.id
            self.current = VersionRow.from_info(
                info, was.events if was is not None and same else (), was.latest if was else 0
            )
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
            self.area.reload(select_id=info.id)
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

    # publishing --------------------------------------------------------------------------------------
    def request_publish(self) -> bool:
        """What the editor's Publish button does: the editor's check, then (signal) ours."""
        return bool(self.editor is not None and self.editor.request_publish())

    def _publish_requested(self) -> None:
        cur = self.current
        if cur is not None and self.editor is not None and not self.editor.is_modified():
            if cur.published:
                self.editor_message.show_message(
                    f"Version {cur.version} of {cur.name} is already published. Change it and save to make the "
                    "next version.",
                    "info",
                )
            else:
                self.confirm_publish(cur)
            return
        if cur is None:
            n, name = 1, self.new_name
        elif cur.published:
            n, name = self._next_version(cur), cur.name
        else:
            n, name = cur.version, cur.name
        self._ask(
            "Save and publish",
            f"Save your changes and publish them as version {n} of {name}?",
            "A published version never changes: later edits make the next version. Events stay on their "
            "version until you move them.",
            [("publish", f"Save and publish version {n}", ACCEPT), ("cancel", "Cancel", REJECT)],
            lambda key: self._save_now(then=lambda: self._publish(self.current)) if key == "publish" else None,
            default="publish",
        )

    def confirm_publish(self, row: VersionRow) -> None:
        """Ask, then publish ``row`` (a draft: from the editor or the library)."""
        self._ask(
            "Publish",
            f"Publish version {row.version} of {row.name}?",
            "A published version never changes: later edits make the next version. Events stay on their version "
            "until you move them.",
            [("publish", f"Publish version {row.version}", ACCEPT), ("cancel", "Cancel", REJECT)],
            lambda key: self._publish(row) if key == "publish" else None,
            default="publish",
        )

    def _publish(self, row: VersionRow | None) -> None:
        if row is None:
            return
        area = self.area
        bo = area.bo

        def done(info: SeatmapInfo) -> None:
            fresh = VersionRow.from_info(info, row.events, row.latest)
            if self.current is not None and self.current.id == info.id:
                self.current = fresh
                self._update_bar()
            older = area.library.movable_events(fresh) if area.library else []
            then = (
                f" {plural(len(older), 'event')} still on an older version: move {'it' if len(older) == 1 else 'them'} "
                "when you are ready."
                if older
                else ""
            )
            area.show_message(f"Version {info.version} of {info.name} is published.{then}", "ok")
            area.reload(select_id=info.id)

        def failed(_exc: BaseException, message: str) -> None:
            area.show_message(message, "error")

        run_job(
            lambda: bo.publish_seatmap(row.id), on_success=done, on_failure=failed, parent=self, name="seatmaps.publish"
        )
