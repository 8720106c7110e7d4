"""What the areas (Seatmaps, Orders, Reports, Settings) share around their tables: the white header band,
buttons that say why they are greyed, the events filter combo, and the areas' stylesheet
(``resources/themes/areas.qss``, filled with the tenant's accent like the main one)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from boxoffice_desktop.services.events import EventInfo
from boxoffice_desktop.ui.kit.formats import day_and_time
from boxoffice_desktop.ui.theme import Branding, stylesheet

log = logging.getLogger(__name__)

W = TypeVar("W", bound=QWidget)


def fill_event_filter(combo: QComboBox, events: Sequence[EventInfo], *, keep_current: bool = False) -> None:
    """The events, soonest first, after the combo's first item ("All events"), without a signal; with
    ``keep_current``, the event chosen before stays chosen (else "All events")."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for ev in sorted(events, key=lambda e: (e.starts_at, e.id)):
        combo.addItem(f"{ev.name} — {day_and_time(ev.starts_at)}", ev.id)
    if keep_current:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class AreaHeader(QFrame):
    """The white band at the top of an area: a title, a line under it, actions on the right."""

    def __init__(self, title: str, lead: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AreaHeader")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 14, 24, 14)
        row.setSpacing(10)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("AreaHeading")
        words.addWidget(self.title)
        self.lead = QLabel(lead)
        self.lead.setObjectName("AreaLead")
        self.lead.setVisible(bool(lead))
        words.addWidget(self.lead)
        row.addLayout(words)
        row.addStretch(1)
        self._row = row

    def add(self, widget: W) -> W:
        self._row.addWidget(widget)
        return widget


def button(text: str, *, primary: bool = False, flat: bool = False, tip: str = "", name: str = "") -> QPushButton:
    b = QPushButton(text)
    if primary:
        b.setProperty("primary", True)
    if flat:
        b.setProperty("flat", True)
    if tip:
        b.setToolTip(tip)
    if name:
        b.setObjectName(name)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    return b


def allow(widget: QWidget, allowed: bool, why_not: str) -> None:
    """Enable a control, or disable it with a tooltip that says why (the service refuses anyway)."""
    widget.setEnabled(allowed)
    if not allowed:
        widget.setToolTip(why_not)


def area_stylesheet(branding: Branding | None) -> str:
    try:
        return stylesheet(branding, name="areas")
    except (FileNotFoundError, KeyError):  # pragma: no cover - the file ships with the package
        log.warning("the areas' stylesheet is missing")
        return ""
