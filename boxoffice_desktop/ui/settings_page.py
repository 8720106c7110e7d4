"""Settings: the organisation and its branding, this station, the signed-in user (read-only for now)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.theme import Branding
from boxoffice_desktop.ui.widgets import LogoLabel, label


def _swatch(colour: str) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    chip = QLabel()
    chip.setFixedSize(22, 22)
    chip.setStyleSheet(f"background: {colour}; border: 1px solid #cdd3da; border-radius: 5px;")
    row.addWidget(chip)
    row.addWidget(label(colour.lower()))
    row.addStretch(1)
    return box


class _Card(QFrame):
    def __init__(self, title: str, note: str = ""):
        super().__init__()
        self.setObjectName("Card")
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(24, 20, 24, 22)
        self._box.setSpacing(12)
        head = QHBoxLayout()
        head.addWidget(label(title, "subtitle"))
        head.addStretch(1)
        if note:
            head.addWidget(label(note, "small"))
        self._box.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnMinimumWidth(0, 150)
        self.grid.setColumnStretch(1, 1)
        self._box.addLayout(self.grid)
        self._rows = 0

    def add(self, name: str, value: str | QWidget, object_name: str | None = None) -> None:
        key = label(name, "muted")
        key.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        widget = value if isinstance(value, QWidget) else label(value or "—", wrap=True)
        if isinstance(widget, QLabel):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if object_name:
            widget.setObjectName(object_name)
        self.grid.addWidget(key, self._rows, 0)
        self.grid.addWidget(widget, self._rows, 1)
        self._rows += 1


class SettingsPage(QWidget):
    def __init__(self, bo: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SettingsPage")
        tenant = bo.tenant
        branding = Branding.from_tenant(tenant)
        may_change = bo.actor.can(Permission.MANAGE_SETTINGS)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea, #SettingsContent { background: transparent; }")
        scroll.viewport().setAutoFillBackground(False)
        content = QWidget()
        content.setObjectName("SettingsContent")
        col = QVBoxLayout(content)
        col.setContentsMargins(32, 28, 32, 32)
        col.setSpacing(16)
        col.addWidget(label("Settings", "title"))
        col.addWidget(
            label(
                "What this station knows about your organisation. Changing the branding is done with "
                "boxoffice-admin for now."
                if may_change
                else "What this station knows about your organisation. Only an administrator may change it.",
                "muted",
                wrap=True,
            )
        )

        org = _Card("Organisation")
        org.add("Name", tenant.name, "OrgNameValue")
        org.add("Shown as", tenant.display_name)
        org.add("Sign-in name", tenant.slug)
        col.addWidget(org)

        brand = _Card("Branding", "read-only")
        logo_row = QWidget()
        lr = QHBoxLayout(logo_row)
        lr.setContentsMargins(0, 0, 0, 0)
        logo = LogoLabel(56)
        logo.set_branding(branding)
        lr.addWidget(logo)
        lr.addWidget(
            label(
                "from the organisation's SVG logo"
                if branding.logo_svg
                else "no logo set: a badge with the initials is shown",
                "small",
            )
        )
        lr.addStretch(1)
        brand.add("Logo", logo_row)
        brand.add("Accent colour", _swatch(branding.accent))
        brand.add("Text on accent", _swatch(branding.accent_text))
        brand.add("Ticket footer", tenant.brand("ticket_footer") or "—")
        col.addWidget(brand)

        station = _Card("This station")
        station.add("Station name", bo.station, "StationValue")
        station.add("Signed in as", f"{bo.actor.username} ({bo.actor.role.value})")
        station.add("Database", unquote(bo.db.target.display()))
        col.addWidget(station)
        col.addStretch(1)

        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        content.setMaximumWidth(900)
