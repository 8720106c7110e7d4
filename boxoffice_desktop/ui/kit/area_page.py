"""What the main window asks of every area's page: activate it when shown, may it be left (unsaved work),
has it shown its data (screenshots and tests wait for it), stop its timers at sign-out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget


class AreaPage(QWidget):
    """The base of an area's page; a page overrides what it needs."""

    def activate(self) -> None:
        """The area was shown: load or refresh what it displays."""

    def can_leave(self, then: Callable[[], None] | None = None) -> bool:
        """False while unsaved work is being asked about; ``then`` runs once it is saved or discarded."""
        return True

    def is_settled(self) -> bool:
        """The area shows its data (no load of its own pending)."""
        return True

    def shutdown(self) -> None:
        """Sign-out: stop timers and pollers (the session is closed by the caller)."""
