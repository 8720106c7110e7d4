"""What the parts of the Seatmaps area (the editor host, the event moves, the imports and exports) ask of
the page that holds them: the session, the one dialog that is up, the library as last loaded, where a
message goes, and loading the library again. ``SeatmapsPage`` is the one implementation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from boxoffice_desktop.api import BoxOffice
    from boxoffice_desktop.ui.seatmaps.library import Library


class SeatmapsArea(Protocol):
    bo: BoxOffice
    # The dialog that is up: kept here while it is open (it stays alive; tests reach the very dialog shown).
    dialog: QWidget | None

    @property
    def library(self) -> Library | None:
        """Every version and event as last loaded (None before the first load)."""
        ...

    @property
    def editing(self) -> bool:
        """Whether the editor is shown (else the library)."""
        ...

    def show_editor(self, shown: bool) -> None:
        """Show the editor, or the library."""
        ...

    def show_message(self, text: str, kind: str = "info") -> None:
        """One line on the message line of what is shown (the editor's or the library's)."""
        ...

    def reload(self, select_id: int | None = None, then: Callable[[], None] | None = None) -> None:
        """Load the library again (a job), select ``select_id``, then call ``then``."""
        ...
