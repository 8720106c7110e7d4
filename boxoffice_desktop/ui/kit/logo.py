"""The tenant's logo in a square label (its SVG, or a monogram in its accent colour)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from boxoffice_desktop.ui.theme import Branding, logo_pixmap


class LogoLabel(QLabel):
    def __init__(self, size: int = 32, parent: QWidget | None = None):
        super().__init__(parent)
        self._size = size
        self.setFixedSize(size, size)
        self.setObjectName("Logo")

    def set_branding(self, branding: Branding | None) -> None:
        self.setPixmap(logo_pixmap(branding, self._size))
        self.setToolTip(branding.display_name if branding else "")
