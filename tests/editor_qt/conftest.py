"""Fixtures of the editor's Qt tests: plans to edit and helpers that drive the canvas with real events."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from editor.formats import load_any
from editor.model import SeatingDocument

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "hall.native.json"


@pytest.fixture
def demo_doc() -> SeatingDocument:
    return load_any(DEMO)


@pytest.fixture
def editor(qtbot):
    from editor._qt import SeatmapEditor

    widget = SeatmapEditor()
    qtbot.addWidget(widget)
    widget.resize(1500, 950)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def view_point(canvas, x: float, y: float) -> QPoint:
    """Viewport coordinates of a scene point."""
    return canvas.mapFromScene(QPointF(x, y))


def drag(viewport, start: QPoint, end: QPoint, steps: int = 6, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press, move in steps, release: a real drag."""
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifiers, start)
    for k in range(1, steps + 1):
        pos = QPoint(start.x() + (end.x() - start.x()) * k // steps, start.y() + (end.y() - start.y()) * k // steps)
        QTest.mouseMove(viewport, pos)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifiers, end)
