"""Undo commands: one ``QUndoCommand`` per operation on the model.

An operation of the model (:mod:`editor.model.operations` and the editing modules beside it) changes the
document and returns the ``Edit`` s that take it back and do it again exactly. :class:`EditCommand` wraps
the edits one user action made (usually one, a few when an action combines operations, e.g. a new zone that
takes rows over) and restores the selection with them. The edits are done *before* the command is pushed
(so a refused operation never reaches the stack); the command's first ``redo()`` therefore does nothing.

Commands with the same ``merge_key`` merge when pushed one after the other (repeated arrow nudges of the
same selection, the arrows of a spin box): one undo takes them all back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from editor.model.operations import Edit

MERGE_ID = 0x5EA7


class EditCommand(QUndoCommand):
    def __init__(self, text: str, edits: Sequence[Edit], *, merge_key: object = None, before: object = None,
                 after: object = None, restore: Callable[[object], None] | None = None) -> None:
        super().__init__(text)
        self.edits: list[Edit] = list(edits)
        self.merge_key = merge_key
        self.before = before
        self.after = after
        self._restore = restore
        self._done = True  # the edits were applied when they were made

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        for edit in self.edits:
            edit.redo()
        if self._restore is not None:
            self._restore(self.after)

    def undo(self) -> None:
        for edit in reversed(self.edits):
            edit.undo()
        if self._restore is not None:
            self._restore(self.before)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCommand) or other.merge_key is None or other.merge_key != self.merge_key:
            return False
        self.edits.extend(other.edits)
        self.after = other.after
        return True

