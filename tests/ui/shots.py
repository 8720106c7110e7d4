"""Screenshots for a person to look at: let pending layouts and paints happen, then grab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget


def shoot(widget: QWidget, path: Path) -> Path:
    for _ in range(3):  # a layout request can post another (a label's new text changes its row's height)
        QApplication.processEvents()
    widget.repaint()
    widget.grab().save(str(path))
    return path
