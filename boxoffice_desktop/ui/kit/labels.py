"""Labels that say something: plain-text labels, the one-line message, the banner across a screen, the
small status chip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from boxoffice_desktop.ui.theme import repolish


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
    """One calm line of feedback: ``show_message(text, kind)`` with kind error, info, warning or ok; empty
    hides."""

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


class Pill(QLabel):
    """A small rounded status chip: ``kind`` picks its colours in the stylesheet."""

    def __init__(self, text: str = "", kind: str = "neutral", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setObjectName("Pill")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set(text, kind)

    def set(self, text: str, kind: str = "neutral") -> None:
        self.setText(text)
        self.setProperty("kind", kind)
        self.setVisible(bool(text))
        repolish(self)
