"""Keyboard first: every action of the counter has a key, shown in its button's tooltip and in the list of
shortcuts (Ctrl+/). Actions are ``QAction``s on the screen they belong to, active while the focus is
anywhere in that screen (and not in a dialog on top of it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class KeyHelp:
    keys: str
    what: str
    group: str


def key_text(keys: str | Sequence[str]) -> str:
    """How a key reads in tooltips and in the list ("Ctrl+T", "F1", "Enter")."""
    seq = [keys] if isinstance(keys, str) else list(keys)
    shown = []
    for k in seq:
        text = QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) if k not in ("Enter", "Return") else k
        shown.append(text or k)
    return " / ".join(shown)


class KeyMap:
    """The actions of one screen, and the help that lists them."""

    def __init__(self, owner: QWidget):
        self.owner = owner
        self.help: list[KeyHelp] = []
        self.actions: dict[str, QAction] = {}

    def add(
        self,
        name: str,
        keys: str | Sequence[str],
        what: str,
        slot: Callable[[], object],
        group: str,
        *,
        button: QAbstractButton | None = None,
    ) -> QAction:
        action = QAction(what, self.owner)
        action.setObjectName(name)
        seq = [keys] if isinstance(keys, str) else list(keys)
        action.setShortcuts([QKeySequence(k) for k in seq])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.owner.addAction(action)
        self.actions[name] = action
        self.help.append(KeyHelp(key_text(seq), what, group))
        if button is not None:
            tip(button, what, seq)
        return action

    def note(self, keys: str, what: str, group: str) -> None:
        """A key handled elsewhere (Enter, zoom keys of the map...), listed with the others."""
        self.help.append(KeyHelp(keys, what, group))


def tip(widget: QWidget, what: str, keys: str | Sequence[str] | None = None) -> None:
    widget.setToolTip(f"{what}  ({key_text(keys)})" if keys else what)


class ShortcutsDialog(QDialog):
    def __init__(self, entries: Sequence[KeyHelp], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 640)
        col = QVBoxLayout(self)
        col.setContentsMargins(20, 18, 20, 16)
        title = QLabel("Keyboard shortcuts")
        title.setProperty("role", "title")
        col.addWidget(title)
        lead = QLabel("Every action of the counter has a key. After picking seats, a cash sale is Enter.")
        lead.setProperty("role", "muted")
        lead.setWordWrap(True)
        col.addWidget(lead)
        groups: list[str] = []
        for e in entries:
            if e.group not in groups:
                groups.append(e.group)
        rows = [(g, None) for g in groups]
        table = QTableWidget(0, 2)
        table.setObjectName("ShortcutTable")
        table.horizontalHeader().hide()
        table.verticalHeader().hide()
        table.setShowGrid(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for group, _ in rows:
            r = table.rowCount()
            table.insertRow(r)
            head = QTableWidgetItem(group.upper())
            font = head.font()
            font.setBold(True)
            font.setPixelSize(11)
            head.setFont(font)
            head.setForeground(Qt.GlobalColor.darkGray)
            table.setItem(r, 0, head)
            table.setSpan(r, 0, 1, 2)
            for e in entries:
                if e.group != group:
                    continue
                r = table.rowCount()
                table.insertRow(r)
                keys = QTableWidgetItem(e.keys)
                kf = keys.font()
                kf.setBold(True)
                keys.setFont(kf)
                table.setItem(r, 0, keys)
                table.setItem(r, 1, QTableWidgetItem(e.what))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        col.addWidget(table, 1)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
