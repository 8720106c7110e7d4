"""Moving an event to another (published) version of its map: pick the event (``MoveEventDialog``), one job;
new categories ask for prices (``PricesDialog``) and the job runs again with them; a refused move says so in
one line and lists the held and sold seats that would vanish or change (``RemapRefusedDialog``)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from boxoffice_desktop.errors import MissingPrices, RemapRefused
from boxoffice_desktop.ui.kit.formats import plural
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.seatmaps.dialogs import MoveEventDialog, PricesDialog, RemapRefusedDialog
from boxoffice_desktop.ui.seatmaps.library import EventUse, VersionRow

if TYPE_CHECKING:
    from boxoffice_desktop.services.events import RemapResult
    from boxoffice_desktop.ui.seatmaps.area import SeatmapsArea


class EventMoves:
    """The moves of ``area``; its dialogs open over ``parent``."""

    def __init__(self, area: SeatmapsArea, parent: QWidget):
        self.area = area
        self.parent = parent

    def move_event_dialog(self, target: VersionRow | None) -> None:
        """Which event moves to ``target`` (from the library's or the editor's button)."""
        area = self.area
        if target is None or not target.published:
            area.show_message("Publish this version first; events move to published versions only.", "info")
            return
        events = area.library.movable_events(target) if area.library else []
        if not events:
            area.show_message(f"No event uses an older version of {target.name}.", "info")
            return
        area.dialog = MoveEventDialog(self.parent, target, events, lambda ev: self.move_event(ev, target))
        area.dialog.open()

    def move_event(
        self, event: EventUse, target: VersionRow, prices: dict[str, dict[str, Decimal]] | None = None
    ) -> None:
        area = self.area
        bo = area.bo

        def done(result: RemapResult) -> None:
            area.dialog = None
            parts = [plural(result.kept, "seat") + " kept"]
            if result.added:
                parts.append(f"{result.added} added")
            if result.retired:
                parts.append(f"{result.retired} retired")
            if result.changed:
                parts.append(f"{result.changed} redrawn")
            area.show_message(
                f"{event.name} now uses version {target.version} of {target.name}: {', '.join(parts)}.", "ok"
            )
            area.reload(select_id=target.id)

        def failed(exc: BaseException, message: str) -> None:
            if isinstance(exc, MissingPrices):
                area.dialog = PricesDialog(
                    self.parent, event, target, tuple(exc.categories), lambda p: self.move_event(event, target, p)
                )
                area.dialog.open()
                return
            if isinstance(exc, RemapRefused) and exc.seats:
                seats = exc.seats
                area.show_message(
                    f"{event.name} stays on version {event.version}: {plural(len(seats), 'held or sold seat')} "
                    "would vanish or change.",
                    "error",
                )
                area.dialog = RemapRefusedDialog(self.parent, event.name, target, seats)
                area.dialog.open()
                return
            area.show_message(message, "error")

        run_job(
            lambda: bo.move_event(event.id, target.id, prices=prices),
            on_success=done,
            on_failure=failed,
            parent=self.parent,
            name="seatmaps.move_event",
        )
