"""Small shared widgets: the one-line message, the banner, the logo label, the "not there yet" page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from boxoffice_desktop.ui.theme import Branding, logo_pixmap, repolish


def label(
    text: str = "",
    role: str | None = None,
    *,
    parent: QWidget | None = None,
    object_name: str | None = None,
    wrap: bool = False,
) -> QLabel:
    lab = QLabel(text, parent)
    # Plain text always: labels show what people typed (names, organisations, the server's lines quoting
    # them), and a QLabel would otherwise render anything that looks like markup.
    lab.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        lab.setProperty("role", role)
    if object_name:
        lab.setObjectName(object_name)
    lab.setWordWrap(wrap)
    return lab


class MessageLine(QLabel):
    """One calm line of feedback: ``show_message(text, kind)`` with kind error, info or ok; empty hides."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MessageLine")
        self.setTextFormat(Qt.TextFormat.PlainText)  # its lines quote what people typed
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setProperty("kind", "info")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        if not text:
            self.clear_message()
            return
        self.setProperty("kind", kind)
        self.setText(text)
        self.setAccessibleName(f"{kind}: {text}")
        repolish(self)
        self.show()

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    @property
    def kind(self) -> str:
        return str(self.property("kind"))


class Banner(QLabel):
    """A strip across the top of a screen (reconnecting, not today ...)."""

    def __init__(self, text: str = "", kind: str = "warning", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setObjectName("Banner")
        self.setProperty("kind", kind)
        self.setWordWrap(True)
        self.hide()

    def set_kind(self, kind: str) -> None:
        self.setProperty("kind", kind)
        repolish(self)


class LogoLabel(QLabel):
    def __init__(self, size: int = 32, parent: QWidget | None = None):
        super().__init__(parent)
        self._size = size
        self.setFixedSize(size, size)
        self.setObjectName("Logo")

    def set_branding(self, branding: Branding | None) -> None:
        self.setPixmap(logo_pixmap(branding, self._size))
        self.setToolTip(branding.display_name if branding else "")


class PlaceholderPage(QWidget):
    """An area that later work fills: says so plainly, with what it will hold."""

    def __init__(self, title: str, lead: str, points: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Placeholder")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("Card")
        card.setMaximumWidth(620)
        box = QVBoxLayout(card)
        box.setContentsMargins(32, 28, 32, 28)
        box.setSpacing(10)
        box.addWidget(label(title, "title"))
        tag = label("Not available in this version yet", "sectionLabel")
        box.addWidget(tag)
        box.addSpacing(4)
        box.addWidget(label(lead, "muted", wrap=True))
        if points:
            box.addSpacing(4)
            box.addWidget(label("What it will do", "fieldLabel"))
            for point in points:
                box.addWidget(label(f"•  {point}", wrap=True))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
