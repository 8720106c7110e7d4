"""What the Seatmaps area knows of the stored maps: every version with the events that use it (one job),
and a version's preview (its document drawn off the UI thread)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage

from boxoffice_desktop.ui.kit.formats import day_and_time, plural
from boxoffice_desktop.ui.kit.tables import CENTRE, RIGHT, Column, RecordTableModel
from boxoffice_desktop.ui.theme import COLOURS

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice
    from boxoffice_desktop.services.seatmaps import SeatmapInfo
    from editor.model import SeatingDocument

PREVIEW_WIDTH = 880


@dataclass(frozen=True)
class EventUse:
    """An event and the version of its map it is on."""

    id: int
    name: str
    starts_at: datetime
    seatmap_id: int
    version: int

    def describe(self) -> str:
        return f"{self.name} — {day_and_time(self.starts_at)}"


@dataclass(frozen=True)
class VersionRow:
    """One stored version of a map."""

    id: int
    series_id: int
    name: str
    version: int
    status: str  # draft | published
    seat_count: int
    venue_name: str
    events: tuple[EventUse, ...] = ()
    latest: int = 0  # the newest version number of the same map

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def status_text(self) -> str:
        return "Published" if self.published else "Draft"

    @property
    def is_latest(self) -> bool:
        return self.version >= self.latest

    @classmethod
    def from_info(cls, info: SeatmapInfo, events: tuple[EventUse, ...] = (), latest: int = 0) -> VersionRow:
        return cls(
            info.id,
            info.series_id,
            info.name,
            info.version,
            info.status,
            info.seat_count,
            info.venue_name,
            events,
            max(latest, info.version),
        )


@dataclass(frozen=True)
class Library:
    versions: tuple[VersionRow, ...]
    events: tuple[EventUse, ...]

    def find(self, seatmap_id: int | None) -> VersionRow | None:
        for row in self.versions:
            if row.id == seatmap_id:
                return row
        return None

    def series(self, series_id: int) -> list[VersionRow]:
        return sorted((r for r in self.versions if r.series_id == series_id), key=lambda r: r.version)

    def movable_events(self, target: VersionRow) -> list[EventUse]:
        """The events on an older version of the same map: those that can move to ``target``."""
        older = {r.id for r in self.series(target.series_id) if r.version < target.version}
        return sorted((e for e in self.events if e.seatmap_id in older), key=lambda e: (e.starts_at, e.id))

    def next_version(self, series_id: int) -> int:
        return max((r.version for r in self.series(series_id)), default=0) + 1


def load_library(bo: BoxOffice) -> Library:
    """The job: every version of every map, and every event with the version it uses."""
    maps = bo.seatmaps()
    version_of = {m.id: m.version for m in maps}
    events = tuple(
        EventUse(e.id, e.name, e.starts_at, e.seatmap_id, version_of.get(e.seatmap_id, 0)) for e in bo.events()
    )
    by_map: dict[int, list[EventUse]] = defaultdict(list)
    for ev in events:
        by_map[ev.seatmap_id].append(ev)
    latest: dict[int, int] = {}
    for m in maps:
        latest[m.series_id] = max(latest.get(m.series_id, 0), m.version)
    rows = tuple(
        VersionRow.from_info(
            m, tuple(sorted(by_map.get(m.id, ()), key=lambda e: (e.starts_at, e.id))), latest[m.series_id]
        )
        for m in maps
    )
    return Library(rows, events)


@dataclass(frozen=True)
class Preview:
    seatmap_id: int
    image: QImage
    categories: tuple[tuple[str, str, int], ...]  # name, colour, seats
    zones: tuple[str, ...]


def load_document(bo: BoxOffice, seatmap_id: int) -> SeatingDocument:
    """The job: the version's document (drawing it is for the UI thread: see :func:`make_preview`)."""
    return bo.seatmap_document(seatmap_id)


def make_preview(seatmap_id: int, doc: SeatingDocument, width: int = PREVIEW_WIDTH) -> Preview:
    """The version drawn, on the UI thread: a few milliseconds, and text is never painted on two threads
    at once (the font caches are not made for that)."""
    from editor._qt.render import render_image  # by its module: mypy cannot see editor._qt's lazy names

    counts = Counter(rec.category for rec in doc.iter_seats())
    paper = COLOURS["plan_paper"]
    categories = tuple((c.name, c.color or COLOURS["no_category"], counts.get(c.name, 0)) for c in doc.categories)
    image = render_image(doc, width, header=False, background=paper) if doc.seat_count() or doc.areas else None
    if image is None:
        image = QImage(width, max(1, width // 2), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(paper))
    return Preview(seatmap_id, image, categories, tuple(z.name for z in doc.zones))


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as it is: Qt would take text that looks like markup for rich text."""
    return QtGui.Qt.convertFromPlainText(text) if QtGui.Qt.mightBeRichText(text) else text


def versions_model(parent: QObject | None = None) -> RecordTableModel:
    columns = [
        Column(
            "Map",
            lambda r: r.name,
            sort=lambda r: f"{r.name.lower()}\x00{100000 - r.version:06d}",
            width=260,
        ),
        Column("Version", lambda r: r.version, text=lambda v: f"v{v}", align=CENTRE, width=80),
        Column(
            "Status",
            lambda r: r.status_text,
            width=110,
            colour=lambda r: COLOURS["version_published" if r.published else "version_draft"],
        ),
        Column("Seats", lambda r: r.seat_count, align=RIGHT, width=80),
        Column(
            "Used by",
            lambda r: r.events,
            text=lambda evs: (evs[0].name if len(evs) == 1 else plural(len(evs), "event")) if evs else "—",
            sort=lambda r: len(r.events),
            tip=lambda r: plain_tip("\n".join(e.describe() for e in r.events)) or "No event uses this version.",
        ),
    ]

    def highlight(r: VersionRow) -> str | None:
        return None if r.published else "soft"

    def bold(r: VersionRow, column: int) -> bool:
        return column == 0 and r.is_latest

    return RecordTableModel(columns, parent, highlight=highlight, bold=bold)
