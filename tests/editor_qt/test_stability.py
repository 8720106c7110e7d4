"""Painting a large seatmap many times, through the view and through the editor's scene.

PySide6 6.12.0 on CPython 3.11 drops a reference to ``None`` on every call of a void method; after some
thousands of calls (``drawPixmap``, ``setPen``, ``update`` ...) the process dies with
``Fatal Python error: none_dealloc``. This test makes hundreds of thousands of such calls, so a regression
to a bad version fails here rather than at a counter.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from editor._qt import SeatmapEditor, SeatmapView, records_from_document
from editor.model import Category, SeatingDocument, Zone, make_block

pytestmark = pytest.mark.gui


def big_plan(rows: int = 100, seats: int = 200) -> SeatingDocument:
    doc = SeatingDocument(name="Stability", width=seats * 26 + 100, height=rows * 32 + 100)
    doc.categories += [Category("A", "#c62828"), Category("B", "#1565c0")]
    zone = Zone("Floor", 50, 50, uuid="z")
    zone.rows = make_block((0, 0), rows=rows, seats_per_row=seats, category="A")
    for row in zone.rows[rows // 2:]:
        for seat in row.seats:
            seat.category = "B"
    doc.zones.append(zone)
    return doc


def paint(view, image: QImage) -> None:
    """What the view shows, painted into an image of the viewport's size (``QGraphicsView.render``)."""
    image.fill(0)
    p = QPainter(image)
    view.render(p)
    p.end()


def test_twenty_thousand_seats_painted_fifty_times(qtbot):
    doc = big_plan()
    assert doc.seat_count() == 20000
    view = SeatmapView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.set_document(doc)
    view.zoom_to(0.45, QPointF(2600, 1600))  # seats about 9 px: one sprite blit per seat
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    drawn = 0
    for n in range(50):
        if n % 10 == 5:
            view.update_seats(view.seats()[n * 100: n * 100 + 50])
        paint(view, image)
        drawn += view.seat_layer.last_drawn
    assert drawn > 50 * 2000

    editor = SeatmapEditor()
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    editor.show()
    editor.load(doc)
    canvas = editor.canvas
    canvas.zoom_to(0.45, QPointF(2600, 1600))
    image = QImage(canvas.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    drawn = 0
    for n in range(50):
        if n % 10 == 5:
            editor.controller.select_all() if n == 15 else editor.controller.clear_selection()
        paint(canvas, image)
        drawn += canvas.seat_layer.last_drawn
    assert drawn > 50 * 2000
    # And from afar: dots for all 20,000 seats at once.
    canvas.fit()
    for _ in range(10):
        paint(canvas, image)
    assert len(records_from_document(doc)) == 20000
