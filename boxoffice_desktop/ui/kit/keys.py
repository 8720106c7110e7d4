"""Keyboard first: every action of a screen has a key, shown in its button's tooltip and in the list of
shortcuts. Actions are ``QAction``s on the screen they belong to, active while the focus is anywhere in
that screen (and not in a dialog on top of it). The list is the editor's ``ShortcutsDialog``: one dialog
of keys for the whole program."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget

from editor._qt import ShortcutsDialog


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


def tip(widget: QWidget, what: str, keys: str | Sequence[str] | None = None) -> None:
    widget.setToolTip(f"{what}  ({key_text(keys)})" if keys else what)


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

    def describe(self, keys: str, what: str) -> None:
        """Say anew what the key ``keys`` does (in the list; and in its action, when it has one)."""
        for i, entry in enumerate(self.help):
            if entry.keys == keys:
                self.help[i] = KeyHelp(entry.keys, what, entry.group)

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The help grouped, groups in the order they were first used: what the shortcuts dialog lists."""
        out: dict[str, list[tuple[str, str]]] = {}
        for entry in self.help:
            out.setdefault(entry.group, []).append((entry.keys, entry.what))
        return list(out.items())

    def dialog(self, parent: QWidget, lead: str = "") -> ShortcutsDialog:
        return ShortcutsDialog(self.groups(), parent, lead=lead)
