"""The bar above the editor: back to the library, which version is open and what saving it will do, unsaved
changes, moving an event to this version, Save and Publish (here too: the editor's own toolbar may not fit a
narrow window). It shows what it is told; the editor host wires its buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from boxoffice_desktop.ui.kit.areas import allow, button
from boxoffice_desktop.ui.kit.labels import Pill, label
from boxoffice_desktop.ui.seatmaps.library import VersionRow


class EditorBar(QFrame):
    def __init__(self, may_move: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.may_move = may_move
        self.setObjectName("EditorBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(10)
        self.back_button = button("‹  All seatmaps", flat=True, tip="Back to the list of maps")
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
        row.addWidget(self.editor_move_button)
        self.save_button = button("Save", tip="Save the plan (Ctrl+S)", name="EditorSave")
        row.addWidget(self.save_button)
        self.publish_editor_button = button("Publish…", primary=True, tip="Check the plan and publish it")
        self.publish_editor_button.setObjectName("EditorPublish")
        row.addWidget(self.publish_editor_button)

    def show_state(
        self, current: VersionRow | None, new_name: str, next_version: int, *, modified: bool, saving: bool
    ) -> None:
        """The version in the editor (None: a new map called ``new_name``, not saved yet); ``next_version``:
        what saving over a published version makes."""
        cur = current
        self.unsaved_label.setVisible(modified)
        if cur is None:
            self.editor_title.setText(new_name or "New map")
            self.editor_version_pill.set("New", "info")
            self.editor_status_pill.set("Not saved yet", "muted")
            self._note("Saving stores it as version 1, a draft.")
        else:
            self.editor_title.setText(cur.name)
            self.editor_version_pill.set(f"Version {cur.version}", "neutral")
            self.editor_status_pill.set(cur.status_text, "ok" if cur.published else "draft")
            if cur.published:
                self._note(
                    f"Published versions never change: saving makes version {next_version}, a draft. "
                    f"Events stay on version {cur.version} until you move them."
                )
            else:
                self._note(
                    "Draft: saving keeps it in place. Publish it when the check is green; events can then move to it."
                )
        if cur is not None and cur.published:
            self.save_button.setText(f"Save as version {next_version}")
        else:
            self.save_button.setText("Save")
        self.save_button.setEnabled(modified and not saving)
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

    def set_saving(self, saving: bool, *, modified: bool) -> None:
        self.back_button.setEnabled(not saving)
        self.save_button.setEnabled(not saving and modified)
        self.publish_editor_button.setEnabled(not saving)

    def _note(self, text: str) -> None:
        self.editor_note.setText(text)
        self.editor_note.setToolTip(text)
